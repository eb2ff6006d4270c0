namespace ReferralTraining.Web.Features.Scorm;

/// <summary>
/// A per-organization key that signs SCORM launches. The launcher in the package signs with it, so the secret itself
/// (not a hash) is kept, encrypted with Data Protection. Revoking it refuses every new launch of packages that carry it.
/// </summary>
public sealed class ScormPackageKey
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    /// <summary>The secret, protected with Data Protection (purpose <see cref="ScormService.KeyProtectionPurpose"/>).</summary>
    public string ProtectedSecret { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastLaunchAt { get; set; }
}
