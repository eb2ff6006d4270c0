using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Infrastructure.BackgroundJobs;

namespace ReferralTraining.Web.Infrastructure.Security;

public static class SecurityExtensions
{
    // Our own pages need nothing from other origins and no inline script or style.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    // The Hangfire dashboard (admin only) ships inline scripts and styles.
    private const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>
    /// Networks of the reverse proxies in front of the app (CIDR, configuration "ReverseProxy:KnownNetworks"). Only
    /// requests arriving from them may set the client address with X-Forwarded-For; with none configured the header
    /// is ignored. Behind a proxy this keeps rate limits per client instead of one budget for the proxy (ADR-010).
    /// </summary>
    public static IReadOnlyList<System.Net.IPNetwork> ProxyNetworks(IConfiguration configuration) =>
        (configuration.GetSection("ReverseProxy:KnownNetworks").Get<string[]>() ?? [])
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => System.Net.IPNetwork.Parse(n.Trim())).ToList();

    /// <summary>Single proxy addresses ("ReverseProxy:KnownProxies"), beside or instead of whole networks.</summary>
    public static IReadOnlyList<System.Net.IPAddress> ProxyAddresses(IConfiguration configuration) =>
        (configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [])
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => System.Net.IPAddress.Parse(n.Trim())).ToList();

    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        var proxies = ProxyNetworks(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in proxies)
            {
                o.KnownIPNetworks.Add(network);
            }
            foreach (var proxy in ProxyAddresses(builder.Configuration))
            {
                o.KnownProxies.Add(proxy);
            }
        });
        // ASP.NET Core's own host filter also reads "AllowedHosts" but refuses silently. Ours (UseWebSecurity) applies the
        // same list, derives it from the public origin when unset, and logs each refusal, so the built-in one stands down.
        builder.Services.PostConfigure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        // No "Server: Kestrel" banner (ASVS 13.4: do not advertise the stack).
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddAntiforgery(o =>
        {
            CookieNames.Apply(o.Cookie, "rt.csrf", builder.Configuration);
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // The "done" notices shown after a redirect (TempData) ride in a cookie too.
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
        {
            CookieNames.Apply(o.Cookie, "rt.notice", builder.Configuration);
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        builder.Services.Configure<MvcOptions>(o => o.Filters.Add<AntiforgeryRefusalLog>());
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return builder;
    }

    /// <summary>
    /// The host names this app answers to. "AllowedHosts" (semicolon-separated) when set; otherwise, outside Development,
    /// only the host of the public origin (Credentials:PublicBaseUrl). Empty means any host (Development, or "*").
    /// </summary>
    public static IReadOnlyList<string> AllowedHosts(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configured.Contains("*"))
        {
            return [];
        }
        if (configured.Length > 0)
        {
            return configured;
        }
        if (environment.IsDevelopment() || !Uri.TryCreate(configuration["Credentials:PublicBaseUrl"]?.Trim(), UriKind.Absolute, out var origin))
        {
            return [];
        }
        return [origin.Host];
    }

    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        // TRACE and TRACK echo requests (cross-site tracing); nothing here needs them (ASVS 13.4.4).
        app.Use((context, next) =>
        {
            if (HttpMethods.IsTrace(context.Request.Method) || string.Equals(context.Request.Method, "TRACK", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, HEAD, POST";
                return Task.CompletedTask;
            }
            return next(context);
        });
        // Host filtering: a request naming another host is refused (400) and logged. Links never come from the Host
        // header (PublicLinks), so this is defense in depth against cache poisoning and DNS rebinding. Health probes
        // from an orchestrator address the container by IP, so /health is exempt, and so is /metrics (Prometheus scrapes
        // containers by address; the endpoint answers only Operations:MetricsNetworks).
        var allowedHosts = AllowedHosts(app.Configuration, app.Environment);
        if (allowedHosts.Count > 0)
        {
            var audit = app.Services.GetRequiredService<SecurityAuditLog>();
            app.Use((context, next) =>
            {
                var host = context.Request.Host.Host;
                if (context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics")
                    || allowedHosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase)))
                {
                    return next(context);
                }
                audit.Refused("unknown host");
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync("Bad request: unknown host.");
            });
        }
        if (ProxyNetworks(app.Configuration).Count > 0 || ProxyAddresses(app.Configuration).Count > 0)
        {
            app.UseForwardedHeaders();
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        // Pages get a friendly error page; APIs get an RFC 7807 problem-details body.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        var dashboardPath = app.Services.GetRequiredService<IOptions<BackgroundJobsOptions>>().Value.DashboardPath;
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(dashboardPath) ? DashboardContentSecurityPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // Personal pages and API answers must not stay in the browser's or a proxy's cache (ASVS 14.3.2);
            // decided when the response starts, once authentication has run.
            context.Response.OnStarting(() =>
            {
                var sensitive = context.User.Identity?.IsAuthenticated == true
                    || context.Request.Path.StartsWithSegments("/accounts") || context.Request.Path.StartsWithSegments("/api");
                if (sensitive && !headers.ContainsKey("Cache-Control"))
                {
                    headers.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
            await next();
        });
        return app;
    }
}
