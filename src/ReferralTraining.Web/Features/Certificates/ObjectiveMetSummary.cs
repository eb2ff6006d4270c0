namespace ReferralTraining.Web.Features.Certificates;

/// <summary>"Was this objective met?" aggregated for one objective of a course version.</summary>
public sealed record ObjectiveMetSummary(string ObjectiveId, string Text, AnswerDistribution Answers);
