using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Quizzes;

internal sealed class QuizResponseConfiguration : IEntityTypeConfiguration<QuizResponse>
{
    public void Configure(EntityTypeBuilder<QuizResponse> b)
    {
        b.ToTable("quiz_responses");
        b.HasKey(r => new { r.AttemptId, r.QuestionId });
        b.Property(r => r.QuestionId).HasMaxLength(80);
        b.HasIndex(r => new { r.CourseVersionId, r.QuestionId });
        b.HasOne<QuizAttempt>().WithMany().HasForeignKey(r => r.AttemptId).OnDelete(DeleteBehavior.Cascade);
    }
}
