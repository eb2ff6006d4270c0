using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// The sign-in cookie's rules: an absolute lifetime, a session row per sign-in (ASVS 7.5.2), sessions ended elsewhere
/// refused, access denials logged, and APIs answered with 401/403 instead of a redirect. Resolved per request
/// (<c>CookieAuthenticationOptions.EventsType</c>), so its dependencies are constructor-injected.
/// </summary>
public sealed class SessionCookieEvents(
    SecurityAuditLog audit, EndedSessions ended, TimeProvider clock, IOptions<AccountsOptions> accounts,
    IOptions<IdentityOptions> identity, IOptions<SecurityStampValidatorOptions> stamps) : CookieAuthenticationEvents
{
    private const string SignedInAtItem = "rt.signed_in_at";
    private const string SessionItem = "rt.session";

    private static Guid? SessionId(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SessionItem, out var value) && Guid.TryParse(value, out var id) ? id : null;

    // Resolved only when a session row is read or written: it leases a DbContext, which a signed-in request that
    // has nothing due should not pay for (ADR-011 measured a seventh of its CPU in the stamp check's services).
    private static UserSessions Sessions(HttpContext context) => context.RequestServices.GetRequiredService<UserSessions>();

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);

    public override async Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        // A signed-in person refused by a policy: worth a line in the security log (ASVS 16.3.2).
        await audit.RecordAsync(SecurityEventKind.AccessDenied, context.HttpContext.User.TryGetUserId(), context.HttpContext.User.Identity?.Name,
            $"{context.Request.Method} {context.Request.Path}");
        await ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
    }

    /// <summary>
    /// Absolute lifetime: sliding expiration alone would keep an active session forever. The sign-in time is kept in
    /// the cookie's properties, which survive renewals and security-stamp refreshes; so is the session row's id, so a
    /// refreshed sign-in keeps its row.
    /// </summary>
    public override async Task SigningIn(CookieSigningInContext context)
    {
        context.Properties.Items.TryAdd(SignedInAtItem, clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (context.Principal?.TryGetUserId() is not { } userId)
        {
            return;
        }
        var stamp = context.Principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value ?? "";
        var sessions = Sessions(context.HttpContext);
        if (SessionId(context.Properties) is { } kept)
        {
            await sessions.RestampAsync(kept, userId, stamp, context.HttpContext.RequestAborted);
            context.HttpContext.Items[UserSessions.HttpContextItem] = kept;
            return;
        }
        var started = await sessions.StartAsync(userId, stamp, context.Request.Headers.UserAgent.ToString(), context.HttpContext.Connection.RemoteIpAddress?.ToString(), context.HttpContext.RequestAborted);
        context.Properties.Items[SessionItem] = started.ToString();
        context.HttpContext.Items[UserSessions.HttpContextItem] = started;
    }

    /// <summary>Every sign-out (the button, a rejected cookie) ends the session's row, so the list never shows it again.</summary>
    public override async Task SigningOut(CookieSigningOutContext context)
    {
        if (UserSessions.Current(context.HttpContext) is { } current)
        {
            // Not the request's token: a sign-out whose client went away must still end the session, or its cookie keeps working.
            await Sessions(context.HttpContext).EndAsync(null, current, CancellationToken.None);
        }
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var session = SessionId(context.Properties);
        if (session is not null)
        {
            context.HttpContext.Items[UserSessions.HttpContextItem] = session;
        }
        // Ended in this process a moment ago (sign-out, password change): refused now, not at the next timed check.
        if (session is { } endedId && ended.Contains(endedId))
        {
            await RejectAsync(context);
            return;
        }
        if (!context.Properties.Items.TryGetValue(SignedInAtItem, out var at) || !long.TryParse(at, out var seconds)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > TimeSpan.FromHours(accounts.Value.AbsoluteSessionHours))
        {
            await RejectAsync(context);
            return;
        }
        // Same rule as SecurityStampValidator (check when more than the interval has passed since the cookie was
        // issued), applied before it: the validator builds SignInManager, UserManager, the user store and a DbContext.
        if (context.Properties.IssuedUtc is { } issued && clock.GetUtcNow() - issued <= stamps.Value.ValidationInterval)
        {
            return;
        }
        // A session ended from the list (or by a sign-out elsewhere) is refused at the same check as a changed stamp.
        // Cookies from before session rows existed carry no id and rely on the stamp alone.
        if (session is { } id && context.Principal?.TryGetUserId() is { } userId && !await Sessions(context.HttpContext).TouchAsync(id, userId, context.HttpContext.RequestAborted))
        {
            await RejectAsync(context);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
