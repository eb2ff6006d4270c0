namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>Submitted quiz attempts of the version, their pass rate, and item analysis per question (ADR-030).</summary>
public sealed record QuizSummary(bool HasQuiz, string Attempts, string Learners, decimal? PassRate, IReadOnlyList<QuestionSummary> Questions);
