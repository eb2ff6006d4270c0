using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

internal sealed class CourseVersionConfiguration : IEntityTypeConfiguration<CourseVersion>
{
    public void Configure(EntityTypeBuilder<CourseVersion> b)
    {
        b.ToTable("course_versions");
        b.Property(v => v.CourseId).HasMaxLength(80).IsRequired();
        b.Property(v => v.Version).HasMaxLength(20).IsRequired();
        b.Property(v => v.ContentHash).HasMaxLength(64).IsFixedLength().IsRequired();
        b.Property(v => v.Title).HasMaxLength(200).IsRequired();
        b.Property(v => v.Objectives).HasJsonConversion();
        b.Property(v => v.References).HasJsonConversion();
        b.Property(v => v.Faculty).HasJsonConversion();
        b.Property(v => v.Credits).HasJsonConversion();
        b.Property(v => v.Quiz).HasJsonObjectConversion();
        b.Property(v => v.Practices).HasJsonConversion();
        b.Property(v => v.Scenarios).HasJsonConversion();
        b.Property(v => v.ScenarioRequirement).HasJsonObjectConversion();
        b.Property(v => v.Planning).HasJsonObjectConversion();
        // A published version number is never reused for different content.
        b.HasIndex(v => new { v.CourseId, v.Version }).IsUnique();
        b.HasMany(v => v.Modules).WithOne().HasForeignKey(m => m.CourseVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
