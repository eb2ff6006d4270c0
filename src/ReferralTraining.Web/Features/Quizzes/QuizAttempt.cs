using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Quizzes;

/// <summary>One attempt at a course post-test, with the snapshot of what it showed.</summary>
public sealed class QuizAttempt
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public string CourseId { get; set; } = "";
    public Guid CourseVersionId { get; set; }
    /// <summary>1, 2, 3 … per enrolment; unique, so a race cannot exceed the attempt limit.</summary>
    public int Number { get; set; }
    public int Seed { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int? ScorePercent { get; set; }
    public bool? Passed { get; set; }
    public int PassingScore { get; set; }
    public IReadOnlyList<PresentedQuestion> Questions { get; set; } = [];
    /// <summary>Answers saved so far (question id → option ids), restored when the learner comes back.</summary>
    public IReadOnlyList<SavedAnswer> Answers { get; set; } = [];
}

public sealed record SavedAnswer(string QuestionId, IReadOnlyList<string> OptionIds);

/// <summary>One graded answer: the row item analysis aggregates.</summary>
public sealed class QuizResponse
{
    public Guid AttemptId { get; set; }
    public string QuestionId { get; set; } = "";
    public Guid CourseVersionId { get; set; }
    public List<string> SelectedOptionIds { get; set; } = [];
    public double Credit { get; set; }
}

internal sealed class QuizAttemptConfiguration : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> b)
    {
        b.ToTable("quiz_attempts");
        b.Property(a => a.CourseId).HasMaxLength(80).IsRequired();
        b.Property(a => a.Questions).HasJsonConversion();
        b.Property(a => a.Answers).HasJsonConversion();
        b.HasIndex(a => new { a.EnrollmentId, a.Number }).IsUnique();
        // At most one open attempt per enrolment: two tabs resume the same one.
        b.HasIndex(a => a.EnrollmentId).IsUnique().HasFilter("\"SubmittedAt\" IS NULL").HasDatabaseName("IX_quiz_attempts_one_open");
        b.HasIndex(a => new { a.UserId, a.CourseId });
        b.HasOne<Enrollment>().WithMany().HasForeignKey(a => a.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CourseVersion>().WithMany().HasForeignKey(a => a.CourseVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

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
