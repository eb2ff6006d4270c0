namespace ReferralTraining.Web.Features.Sso;

/// <summary>What a director enters for the organization's provider. A blank secret keeps the stored one.</summary>
public sealed record SsoInput(string? Issuer, string? ClientId, string? ClientSecret, string? Domains, Guid? DefaultJobRoleId, string? MfaAcr, bool Enabled);
