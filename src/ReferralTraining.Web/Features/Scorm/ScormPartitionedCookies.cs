using Microsoft.Extensions.Primitives;

namespace ReferralTraining.Web.Features.Scorm;

/// <summary>
/// An LMS on another site frames the course as a third party: browsers neither send nor accept our SameSite=Lax/Strict
/// cookies there, and block unpartitioned third-party cookies more and more. In such a session every cookie the app
/// sets (sign-in, antiforgery, notices, the launch context) is rewritten to <c>SameSite=None; Secure; Partitioned</c>
/// (CHIPS): the browser keeps it in a jar keyed by the LMS's top-level site, so it is sent only inside frames on that
/// site, never to our own site at the top level nor under any other site (ADR-032).
/// </summary>
public static class ScormPartitionedCookies
{
    public const string ItemKey = "rt.scorm.partitioned";

    /// <summary>Marks this request's response: its cookies become partitioned third-party cookies.</summary>
    public static void Mark(HttpContext http) => http.Items[ItemKey] = true;

    public static bool IsMarked(HttpContext http) => http.Items.TryGetValue(ItemKey, out var value) && value is true;

    /// <summary>
    /// The browser's own answer (Fetch Metadata) to "does the frame's navigation come from another site?". Absent
    /// (an old browser or a proxy that strips it) means the same-site cookies of ADR-031, as before.
    /// </summary>
    public static bool IsCrossSite(HttpRequest request) =>
        string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Before authentication, so this runs after every other response-starting callback (they run last-registered
    /// first), including the sign-in cookie's sliding renewal; by then the request has been marked or not.
    /// </summary>
    public static WebApplication UseScormPartitionedCookies(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (IsMarked(context) && context.Response.Headers.SetCookie is { Count: > 0 } cookies)
                {
                    context.Response.Headers.SetCookie = new StringValues(cookies.Select(c => Rewrite(c!)).ToArray());
                }
                return Task.CompletedTask;
            });
            await next();
        });
        return app;
    }

    /// <summary>One Set-Cookie value with its SameSite, Secure and Partitioned attributes replaced.</summary>
    public static string Rewrite(string setCookie)
    {
        var parts = setCookie.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var kept = parts.Take(1).Concat(parts.Skip(1).Where(p =>
            !p.StartsWith("samesite", StringComparison.OrdinalIgnoreCase)
            && !p.Equals("secure", StringComparison.OrdinalIgnoreCase)
            && !p.Equals("partitioned", StringComparison.OrdinalIgnoreCase)));
        return string.Join("; ", kept.Append("secure").Append("samesite=none").Append("partitioned"));
    }
}
