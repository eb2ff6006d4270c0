using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

internal sealed class ModuleProgressConfiguration : IEntityTypeConfiguration<ModuleProgress>
{
    public void Configure(EntityTypeBuilder<ModuleProgress> b)
    {
        b.ToTable("module_progress");
        b.HasKey(p => new { p.EnrollmentId, p.ModuleNumber });
    }
}
