namespace ReferralTraining.Web.Features.Sso;

/// <summary>
/// The link between a provider's subject (issuer + sub, never the e-mail address) and an account here. Made at a
/// first sign-in that created the account, or after the owner of an existing account proved it (password or mailed link).
/// </summary>
public sealed class SsoLink
{
    public string Issuer { get; set; } = "";
    public string Subject { get; set; } = "";
    public Guid UserId { get; set; }
    public Guid OrganizationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
