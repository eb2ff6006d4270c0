namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// The version's course evaluations. Under the minimum cell only the count ("&lt;5") is given. The bias item (ACCME
/// Standard 2) is shown as yes/no counts, both suppressed when either is a small cell (the other would reveal it).
/// </summary>
public sealed record EvaluationSummary(
    string Responses, decimal? MeanRelevance, decimal? MeanObjectivesMet, string? FreeOfCommercialBias, string? NotFreeOfCommercialBias,
    PendingSection ObjectivesMetAndIntentToChange);
