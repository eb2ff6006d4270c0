namespace ReferralTraining.Web.Features.Certificates;

/// <summary>One commitment to change practice, as written on the course evaluation (stored by the practice-change area).</summary>
public sealed record CommitmentInput(string? PracticeId, string? Text, int? ExpectedPatients, int? Confidence);
