using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Sso;

/// <summary>
/// The organization handler's events: the login hint goes to the provider; a token signed with a key we do not know
/// yet restarts the sign-in once (the handler already asked for fresh keys); any other failure (state, correlation, nonce,
/// audience, lifetime, signature, the provider's own error) is logged and shown as one clear page.
/// </summary>
public sealed class SsoOidcEvents(SecurityAuditLog audit) : OpenIdConnectEvents
{
    public const string OrganizationItem = "rt.sso.org";
    public const string ReturnUrlItem = "rt.sso.return";
    public const string RetriedItem = "rt.sso.retried";
    public const string LoginHintItem = "rt.sso.hint";
    public const string FailedPath = "/accounts/sso/failed";

    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        if (context.Properties.Items.TryGetValue(LoginHintItem, out var hint) && !string.IsNullOrEmpty(hint))
        {
            context.ProtocolMessage.LoginHint = hint;
        }
        return Task.CompletedTask;
    }

    private static string QueryStringHelper(Guid organizationId, string? returnUrl) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/accounts/sso/start", new Dictionary<string, string?>
        {
            ["organization"] = organizationId.ToString("N"),
            ["returnUrl"] = returnUrl ?? "/",
            ["retry"] = "1",
        });

    public override Task RemoteFailure(RemoteFailureContext context)
    {
        // (Here, not in AuthenticationFailed: only this event carries the properties that came back in the state.)
        var properties = context.Properties;
        if ((context.Failure is SecurityTokenSignatureKeyNotFoundException || context.Failure?.InnerException is SecurityTokenSignatureKeyNotFoundException)
            && properties is not null && !properties.Items.ContainsKey(RetriedItem)
            && properties.Items.TryGetValue(OrganizationItem, out var org) && Guid.TryParseExact(org, "N", out var organizationId))
        {
            // The provider rotated its keys: the handler asked for the new ones; start again once (the provider's own
            // session makes this a round trip without a form). The restart carries RetriedItem, so it cannot loop.
            properties.Items.TryGetValue(ReturnUrlItem, out var returnUrl);
            context.HandleResponse();
            context.Response.Redirect(QueryStringHelper(organizationId, returnUrl));
            return Task.CompletedTask;
        }
        // Anyone can send a bad callback: a rate-limited log line, not a security_events row (see SecurityAuditLog.Refused).
        var failure = context.Failure?.InnerException ?? context.Failure;
        // The exception's type only: messages carry times and values, and one key per kind keeps the once-a-minute bound.
        audit.Refused($"organization sign-in failed: {failure?.GetType().Name}");
        context.HandleResponse();
        context.Response.Redirect(FailedPath);
        return Task.CompletedTask;
    }
}
