using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>A course by its stable id; what learners see is its current (latest good) version.</summary>
public sealed class Course
{
    public string Id { get; set; } = "";
    public Guid CurrentVersionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
