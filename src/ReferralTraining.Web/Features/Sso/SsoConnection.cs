namespace ReferralTraining.Web.Features.Sso;

/// <summary>An organization's OpenID Connect provider: at most one per organization (ADR-029).</summary>
public sealed class SsoConnection
{
    /// <summary>Also the key: one connection per organization, and the callback path names it (/signin-oidc/{id}).</summary>
    public Guid OrganizationId { get; set; }
    public string Issuer { get; set; } = "";
    public string ClientId { get; set; } = "";
    /// <summary>The client secret, encrypted with Data Protection (purpose <see cref="SsoDirectory.SecretPurpose"/>); never shown again.</summary>
    public string ProtectedClientSecret { get; set; } = "";
    /// <summary>The job role new members created at their first sign-in get (a job role of this organization), or none.</summary>
    public Guid? DefaultJobRoleId { get; set; }
    /// <summary>An <c>acr</c> value the organization's provider sends when the person used a second factor (besides amr=mfa).</summary>
    public string? MfaAcr { get; set; }
    public bool Enabled { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<SsoDomain> Domains { get; set; } = [];
}
