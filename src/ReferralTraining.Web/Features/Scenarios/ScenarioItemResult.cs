namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>How one assessed item ("checklist.item") came out in a finished attempt.</summary>
public sealed record ScenarioItemResult(string Key, ScenarioItemOutcome Outcome);
