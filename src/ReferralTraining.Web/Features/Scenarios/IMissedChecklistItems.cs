namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>A checklist item a clinician missed in one of a course's practice scenarios; <see cref="Avoid"/>: an item to avoid (MI-inconsistent).</summary>
public sealed record MissedChecklistItem(string Key, string ChecklistId, string Behavior, bool Avoid, string ScenarioTitle);

/// <summary>
/// The checklist items a clinician missed in a course's practice scenarios, for PracticeChange's suggested commitments.
/// It lives here, with its implementation, because Scenarios sits below PracticeChange (Certificates' completion rule
/// reads scenarios, and PracticeChange reads Certificates): Scenarios must not depend on PracticeChange (ADR-023).
/// </summary>
public interface IMissedChecklistItems
{
    Task<IReadOnlyList<MissedChecklistItem>> ForAsync(Guid userId, string courseId, CancellationToken ct);
}
