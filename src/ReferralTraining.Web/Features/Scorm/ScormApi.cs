using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Scorm;

/// <summary>GET /scorm/launch: where the package's launcher sends the learner, inside the LMS's frame.</summary>
public static class ScormApi
{
    public const string LaunchRateLimit = "scorm-launch";

    public static IEndpointRouteBuilder MapScorm(this IEndpointRouteBuilder app)
    {
        app.MapGet("/scorm/launch", LaunchAsync).RequireRateLimiting(LaunchRateLimit).ExcludeFromDescription();
        return app;
    }

    public static LaunchClaims? Claims(IQueryCollection q)
    {
        if (!Guid.TryParse(q["k"], out var keyId) || ScormLaunchSigner.ParseVersion(q["v"]) is not { } version
            || !long.TryParse(q["t"], NumberStyles.None, CultureInfo.InvariantCulture, out var issuedAt))
        {
            return null;
        }
        return new LaunchClaims(keyId, q["c"].ToString(), version, q["l"].ToString(), q["n"].ToString(), issuedAt, q["r"].ToString(), q["o"].ToString());
    }

    private static async Task<IResult> LaunchAsync(HttpContext http, ScormService scorm, SignInManager<AppUser> signIn, UserManager<AppUser> users,
        ScormSessionCookie cookie, CancellationToken ct)
    {
        var claims = Claims(http.Request.Query);
        var result = claims is null
            ? LaunchResult.Refused("The launch address is incomplete. Launch the course from the LMS again.")
            : await scorm.LaunchAsync(claims, http.Request.Query["s"], ct);
        if (!result.Ok)
        {
            return Refusal(http, result.Refusal!);
        }
        var user = await users.FindByIdAsync(result.UserId!.Value.ToString());
        if (user is null || (user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow))
        {
            return Refusal(http, "This learner's account here is disabled. Ask the organization's director.");
        }
        // An LMS on another site: this response's cookies (and the session's later ones) are partitioned by its site.
        var partitioned = ScormPartitionedCookies.IsCrossSite(http.Request);
        if (partitioned)
        {
            ScormPartitionedCookies.Mark(http);
        }
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "scorm");
        cookie.Write(http.Response, new ScormSession(user.Id, result.OrganizationId!.Value, result.CourseId!, result.Origin!, partitioned));
        return Results.Redirect($"/courses/{Uri.EscapeDataString(result.CourseId!)}");
    }

    /// <summary>
    /// A plain page with the reason, for the LMS administrator. It may be framed by any site: it holds nothing but the
    /// reason and no control, and the framing site is not known yet when the launch is refused (ADR-031).
    /// </summary>
    private static IResult Refusal(HttpContext http, string reason)
    {
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; frame-ancestors *; base-uri 'none'; form-action 'none'";
        http.Response.Headers.Remove("X-Frame-Options");
        var html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Launch refused · ReferralTraining</title>"
            + "<link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main class=\"container\" id=\"main\"><h1>The course could not be opened</h1>"
            + $"<p id=\"launch-refusal\">{HtmlEncoder.Default.Encode(reason)}</p>"
            + "<p>Your LMS administrator can find what to check in ReferralTraining's guide for LMS administrators.</p></main></body></html>";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
    }
}
