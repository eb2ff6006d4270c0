namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>
/// One thing the clinician can say or do at a node. <see cref="Number"/> is its 1-based position at the
/// node; with the node id it identifies the choice in attempts and in the choice analysis. <see cref="Html"/> is
/// the text rendered inline (no paragraph), for the player.
/// </summary>
public sealed record ScenarioChoice(
    int Number,
    string Text,
    string Html,
    IReadOnlyList<string> Meets,
    IReadOnlyList<string> Misses,
    string FeedbackHtml,
    string Next,
    int Line);
