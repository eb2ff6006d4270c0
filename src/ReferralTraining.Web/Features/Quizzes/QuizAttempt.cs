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
    /// <summary>1, 2, 3 … per enrollment; unique, so a race cannot exceed the attempt limit.</summary>
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
