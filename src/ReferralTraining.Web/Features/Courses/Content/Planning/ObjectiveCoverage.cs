namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>
/// How one objective is assessed, derived from the content (never hand-written): the quiz questions that name it, the
/// practice scenarios that name it, and the checklist items those scenarios score, which the 30/90-day follow-ups ask
/// about when a learner missed them (ADR-025).
/// </summary>
public sealed record ObjectiveCoverage(
    string ObjectiveId,
    string Text,
    IReadOnlyList<string> QuestionIds,
    IReadOnlyList<string> ScenarioIds,
    IReadOnlyList<FollowUpItem> FollowUpItems);
