using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

public sealed class ModuleProgress
{
    public Guid EnrollmentId { get; set; }
    public int ModuleNumber { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}
