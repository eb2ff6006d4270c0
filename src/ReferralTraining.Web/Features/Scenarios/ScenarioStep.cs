namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>One choice made in an attempt: at which node, which choice (its 1-based number there), and when.</summary>
public sealed record ScenarioStep(string NodeId, int ChoiceNumber, DateTimeOffset At);
