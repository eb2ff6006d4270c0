using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

public sealed class CourseModule
{
    public Guid Id { get; set; }
    public Guid CourseVersionId { get; set; }
    public int Number { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Html { get; set; } = "";
    public List<string> ObjectiveIds { get; set; } = [];
    public List<string> CitedReferenceIds { get; set; } = [];
    public int WordCount { get; set; }
}
