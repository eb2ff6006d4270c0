namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>
/// A checklist item a scenario scores, copied into the scenario when it is published so that an attempt's
/// snapshot carries the wording and teaching it was scored against. <see cref="Key"/> is "checklist.item".
/// </summary>
public sealed record ScenarioAssessedItem(
    string Key,
    string ChecklistId,
    string ItemId,
    ChecklistItemKind Kind,
    string Text,
    string TeachingHtml,
    string Method);
