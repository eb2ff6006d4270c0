namespace ReferralTraining.Web.Features.Certificates;

/// <summary>The answers to one question of the evaluation: how many answered it (null when the version is suppressed), and the (suppressed) count per answer.</summary>
public sealed record AnswerDistribution(int? Answered, IReadOnlyList<AnswerCell> Cells);
