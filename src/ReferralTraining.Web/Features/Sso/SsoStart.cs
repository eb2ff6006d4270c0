using Microsoft.AspNetCore.Authentication;

namespace ReferralTraining.Web.Features.Sso;

/// <summary>A challenge to send the person to their provider with, or the reason we cannot.</summary>
public sealed record SsoStart(string? Scheme, AuthenticationProperties? Properties, string? Problem);
