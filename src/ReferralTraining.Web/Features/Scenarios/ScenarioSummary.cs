namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>A scenario of a course as its list shows it to one clinician.</summary>
public sealed record ScenarioSummary(
    string Id, string Title, string Summary, int EstimatedMinutes, bool Required, int? MinFidelity,
    int Attempts, int? BestPercent, Guid? OpenAttemptId)
{
    public bool Passed => BestPercent is { } best && best >= (MinFidelity ?? 0);
}
