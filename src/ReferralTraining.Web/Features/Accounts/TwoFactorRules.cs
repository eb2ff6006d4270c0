using System.Buffers.Binary;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>Who must use two-step sign-in, and how a session shows it did.</summary>
public static class TwoFactorRules
{
    public const string SetupPath = "/accounts/two-factor/setup";

    /// <summary>Roles that see other people's data or change the service: they must use a second factor.</summary>
    public static readonly IReadOnlyList<string> PrivilegedRoles = [Roles.Admin, Roles.ProgramDirector, Roles.CredentialingBody];

    public static bool IsPrivileged(ClaimsPrincipal user) => PrivilegedRoles.Any(user.IsInRole);

    /// <summary>Identity puts amr=mfa on sessions that passed the second step (and we do after enrollment).</summary>
    public static bool PassedSecondFactor(ClaimsPrincipal user) => user.HasClaim("amr", "mfa");

    /// <summary>
    /// A privileged person signed in with a password only (not yet enrolled) may reach nothing but enrollment and
    /// sign-out: pages redirect to enrollment, APIs answer 403 with a problem body. API-key callers never have
    /// a cookie session, so this does not touch them.
    /// </summary>
    public static IApplicationBuilder UseTwoFactorGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && IsPrivileged(user) && !PassedSecondFactor(user)
            && !context.Request.Path.StartsWithSegments(SetupPath)
            && !context.Request.Path.StartsWithSegments("/accounts/logout")
            && !context.Request.Path.StartsWithSegments("/error"))
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new
                {
                    type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.4",
                    title = "Two-step sign-in required",
                    status = 403,
                    detail = "Set up two-step sign-in at " + SetupPath + " before using this account's privileged features.",
                }, options: null, contentType: "application/problem+json");
                return;
            }
            context.Response.Redirect(SetupPath + "?returnUrl=" + System.Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            return;
        }
        await next();
    });
}
