namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>One fidelity item of a method's checklist, with the teaching point the debrief shows.</summary>
public sealed record ChecklistItem(
    string Id,
    ChecklistItemKind Kind,
    string Text,
    string TeachingHtml,
    IReadOnlyList<string> CitedReferenceIds,
    int Line);
