namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>A checklist item a clinician missed in one of a course's practice scenarios; <see cref="Avoid"/>: an item to avoid (MI-inconsistent).</summary>
public sealed record MissedChecklistItem(string Key, string ChecklistId, string Behavior, bool Avoid, string ScenarioTitle);

/// <summary>
/// The checklist items a clinician missed in a course's practice scenarios, for suggested commitments. Implemented by
/// the Scenarios area, which already depends on this one: the lower area exposes an interface instead of the two
/// calling each other (ADR-023).
/// </summary>
public interface IMissedChecklistItems
{
    Task<IReadOnlyList<MissedChecklistItem>> ForAsync(Guid userId, string courseId);
}
