using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ReferralTraining.Web.Features.Sso;

/// <summary>
/// Builds an organization's OpenIdConnectOptions from its snapshot, by scheme name: authorization code flow with PKCE,
/// state and nonce (the handler's defaults), claims kept with their protocol names, tokens checked against the provider's keys.
/// </summary>
public sealed class SsoOidcOptionsSetup(SsoSchemes schemes, IHttpClientFactory httpClients, TimeProvider clock, IOptions<SsoOptions> sso)
    : IConfigureNamedOptions<OpenIdConnectOptions>
{
    public const string HttpClientName = "sso-backchannel";

    public void Configure(OpenIdConnectOptions options) { }

    public void Configure(string? name, OpenIdConnectOptions options)
    {
        if (!schemes.TryGet(name, out var snapshot))
        {
            return;
        }
        var settings = sso.Value;
        var requireHttps = !(settings.AllowHttpLoopbackIssuers && Uri.TryCreate(snapshot.Issuer, UriKind.Absolute, out var issuer) && issuer.Scheme == Uri.UriSchemeHttp && issuer.IsLoopback);
        options.Authority = snapshot.Issuer;
        options.MetadataAddress = snapshot.Issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        options.RequireHttpsMetadata = requireHttps;
        options.ClientId = snapshot.ClientId;
        options.ClientSecret = snapshot.ClientSecret;
        options.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be SameSite=Lax.
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.CallbackPath = SsoSchemes.CallbackPath(snapshot.OrganizationId);
        options.SignInScheme = IdentityConstants.ExternalScheme;
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("email");
        options.Scope.Add("profile");
        options.SaveTokens = false;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.DisableTelemetry = true;
        // Kept (the handler drops them by default): the link is issuer + sub, and amr/acr say whether a second factor was used.
        options.ClaimActions.Remove("iss");
        options.ClaimActions.Remove("amr");
        options.ClaimActions.Remove("acr");
        options.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
        options.TokenValidationParameters.NameClaimType = "email";
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Backchannel = httpClients.CreateClient(HttpClientName);
        options.BackchannelTimeout = TimeSpan.FromSeconds(settings.BackchannelTimeoutSeconds);
        options.ConfigurationManager = new SsoConfigurationManager(options.MetadataAddress, options.Backchannel, requireHttps, clock,
            TimeSpan.FromMinutes(settings.MetadataMaxAgeMinutes), TimeSpan.FromSeconds(settings.ForcedRefreshSeconds));
        options.EventsType = typeof(SsoOidcEvents);
    }
}
