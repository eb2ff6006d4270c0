namespace ReferralTraining.Web.Features.Sso;

/// <summary>What happened after the provider sent the person back, and what the page shows or where it goes next.</summary>
public sealed record SsoOutcome(SsoOutcomeKind Kind, string ReturnUrl, string? Message = null, string? Email = null);
