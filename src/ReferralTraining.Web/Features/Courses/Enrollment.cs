using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

public sealed class Enrollment
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string CourseId { get; set; } = "";
    /// <summary>The version the learner enrolled in; they finish the content they started.</summary>
    public Guid CourseVersionId { get; set; }
    public DateTimeOffset EnrolledAt { get; set; }
    public DateTimeOffset? LastActivityAt { get; set; }
    public DateTimeOffset? ReadingCompletedAt { get; set; }
    public List<ModuleProgress> Progress { get; set; } = [];
}
