using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

internal sealed class CourseModuleConfiguration : IEntityTypeConfiguration<CourseModule>
{
    public void Configure(EntityTypeBuilder<CourseModule> b)
    {
        b.ToTable("course_modules");
        b.Property(m => m.Slug).HasMaxLength(80).IsRequired();
        b.Property(m => m.Title).HasMaxLength(200).IsRequired();
        b.HasIndex(m => new { m.CourseVersionId, m.Number }).IsUnique();
    }
}
