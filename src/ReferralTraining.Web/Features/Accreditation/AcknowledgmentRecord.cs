namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// The disclosure to learners (ACCME Standard 3): how many learners acknowledged the disclosures of this version before
/// starting, and the first and last time. Under the minimum cell the count reads "&lt;5" and the times are left out.
/// </summary>
public sealed record AcknowledgmentRecord(string Learners, DateTimeOffset? First, DateTimeOffset? Last);
