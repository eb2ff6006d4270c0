using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>The latest validation problems per course folder, shown to admins.</summary>
public sealed class ContentIssue
{
    public long Id { get; set; }
    public string File { get; set; } = "";
    public int Line { get; set; }
    public string Message { get; set; } = "";
    public DateTimeOffset DetectedAt { get; set; }
}
