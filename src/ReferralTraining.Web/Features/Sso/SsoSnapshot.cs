namespace ReferralTraining.Web.Features.Sso;

/// <summary>What the OpenID Connect handler of one organization is configured from (secret decrypted, kept in memory only).</summary>
public sealed record SsoSnapshot(Guid OrganizationId, string Issuer, string ClientId, string ClientSecret, DateTimeOffset UpdatedAt);
