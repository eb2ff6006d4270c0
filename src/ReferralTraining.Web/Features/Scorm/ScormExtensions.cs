using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Scorm;

public static class ScormExtensions
{
    public static WebApplicationBuilder AddScorm(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScormOptions>().BindConfiguration(ScormOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ScormService>();
        builder.Services.AddScoped<ScormProgressReader>();
        builder.Services.AddSingleton<ScormSessionCookie>();
        // Per client address, generous: a hospital's staff often share one address behind its proxy.
        builder.Services.AddRateLimiter(o => o.AddPolicy(ScormApi.LaunchRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) })));
        return builder;
    }

    /// <summary>
    /// After authentication: a request of a session launched from an LMS (its cookie, and the same person signed in)
    /// is marked for the bridge script, and its pages may be framed by the organization's listed LMS origins only.
    /// </summary>
    public static WebApplication UseScormSessions(this WebApplication app)
    {
        var cookie = app.Services.GetRequiredService<ScormSessionCookie>();
        app.Use(async (context, next) =>
        {
            if (cookie.Read(context.Request) is { } session && context.User.Identity?.IsAuthenticated == true
                && context.User.TryGetUserId() == session.UserId)
            {
                var db = context.RequestServices.GetRequiredService<AppDbContext>();
                var origins = await db.Set<ScormLmsOrigin>().AsNoTracking().Where(o => o.OrganizationId == session.OrganizationId)
                    .Select(o => o.Origin).ToListAsync(context.RequestAborted);
                // An origin the director has since removed ends the embedding and the reporting at once.
                if (origins.Contains(session.Origin))
                {
                    context.Items[ScormSessionCookie.ItemKey] = session;
                    if (session.Partitioned)
                    {
                        ScormPartitionedCookies.Mark(context);
                        // The partitioned cookies are SameSite=None: a write sent by a page of another site (the LMS's own
                        // pages included) is refused outright; our framed pages post same-origin (ADR-032).
                        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                            && ScormPartitionedCookies.IsCrossSite(context.Request))
                        {
                            context.RequestServices.GetRequiredService<SecurityAuditLog>().Refused("cross-site write in a partitioned SCORM session");
                            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused",
                                detail: "This session accepts changes only from the course's own pages.").ExecuteAsync(context);
                            return;
                        }
                    }
                    var headers = context.Response.Headers;
                    headers.ContentSecurityPolicy = headers.ContentSecurityPolicy.ToString()
                        .Replace("frame-ancestors 'none'", "frame-ancestors " + string.Join(' ', origins), StringComparison.Ordinal);
                    // Antiforgery adds X-Frame-Options: SAMEORIGIN while a form renders; frame-ancestors decides instead.
                    context.Response.OnStarting(() =>
                    {
                        headers.Remove("X-Frame-Options");
                        return Task.CompletedTask;
                    });
                }
            }
            await next();
        });
        return app;
    }
}
