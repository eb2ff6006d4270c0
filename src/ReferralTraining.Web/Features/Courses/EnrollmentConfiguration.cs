using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Courses;

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> b)
    {
        b.ToTable("enrollments");
        b.Property(e => e.CourseId).HasMaxLength(80).IsRequired();
        b.HasIndex(e => new { e.UserId, e.CourseId }).IsUnique();
        b.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Course>().WithMany().HasForeignKey(e => e.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CourseVersion>().WithMany().HasForeignKey(e => e.CourseVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(e => e.Progress).WithOne().HasForeignKey(p => p.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
