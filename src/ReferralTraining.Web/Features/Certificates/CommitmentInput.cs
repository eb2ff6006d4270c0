namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// One commitment to change practice, as written on the course evaluation (stored by the practice-change area).
/// <paramref name="ChecklistItem"/> is the practice-scenario checklist item ("checklist.item") it was made from, if any.
/// </summary>
public sealed record CommitmentInput(string? PracticeId, string? Text, int? ExpectedPatients, int? Confidence, string? ChecklistItem = null);
