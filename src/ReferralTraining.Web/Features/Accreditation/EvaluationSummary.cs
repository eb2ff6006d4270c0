using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// The version's course evaluations. Under the minimum cell only the count ("&lt;5") is given. The bias item (ACCME
/// Standard 2) is shown as yes/no counts, both suppressed when either is a small cell (the other would reveal it). Each
/// objective met and intent to change come from <see cref="EvaluationSummaries"/>, the admin report's own figures.
/// </summary>
public sealed record EvaluationSummary(
    string Responses, decimal? MeanRelevance, decimal? MeanObjectivesMet, string? FreeOfCommercialBias, string? NotFreeOfCommercialBias,
    IReadOnlyList<ObjectiveMetSummary> ObjectivesMet, AnswerDistribution IntentToChange);
