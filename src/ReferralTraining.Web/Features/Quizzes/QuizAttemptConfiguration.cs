using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Quizzes;

internal sealed class QuizAttemptConfiguration : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> b)
    {
        b.ToTable("quiz_attempts");
        b.Property(a => a.CourseId).HasMaxLength(80).IsRequired();
        b.Property(a => a.Questions).HasJsonConversion();
        b.Property(a => a.Answers).HasJsonConversion();
        b.HasIndex(a => new { a.EnrollmentId, a.Number }).IsUnique();
        // At most one open attempt per enrollment: two tabs resume the same one.
        b.HasIndex(a => a.EnrollmentId).IsUnique().HasFilter("\"SubmittedAt\" IS NULL").HasDatabaseName("IX_quiz_attempts_one_open");
        b.HasIndex(a => new { a.UserId, a.CourseId });
        b.HasOne<Enrollment>().WithMany().HasForeignKey(a => a.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CourseVersion>().WithMany().HasForeignKey(a => a.CourseVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
