using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Security;

namespace ReferralTraining.Web.Features.Accounts;

public static class AccountsExtensions
{
    public const string PublicFormsRateLimit = "public-forms";
    public const string TwoFactorRateLimit = "two-factor";
    public const string SignInPageRateLimit = "sign-in-page";
    /// <summary>
    /// The form a request is for, as routing matched it: "/accounts/login", "/accounts/login/" and "/Accounts/Login/" are
    /// one budget, not three (the limiter runs after routing, so the endpoint is known).
    /// </summary>
    public static string RouteKey(HttpContext context) =>
        (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText?.ToLowerInvariant()
        ?? (context.Request.Path.Value ?? "/").TrimEnd('/').ToLowerInvariant();

    /// <summary>OWASP 2023 guidance for PBKDF2-HMAC-SHA512.</summary>
    public const int Pbkdf2Iterations = 210_000;

    // A plain page (no layout: the limiter answers before any page runs), styled by our own stylesheet only.
    private const string TooManyRequestsPage =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>Too many attempts · ReferralTraining</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>" +
        "<body><main id=\"main\" class=\"container\"><h1>Too many attempts</h1>" +
        "<p>There have been too many attempts from your network. Please wait a minute, then try again.</p>" +
        "<p><a href=\"/\">Go to the home page</a></p></main></body></html>";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AccountsOptions.Section);
        builder.Services.AddOptions<AccountsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var accounts = section.Get<AccountsOptions>() ?? new AccountsOptions();

        AddIdentityRules(builder, accounts);
        AddSignInCookies(builder);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Clinician, p => p.RequireRole(Roles.Clinician))
            // Privileged policies also need a session that passed the second step (defence in depth behind UseTwoFactorGate).
            .AddPolicy(Policies.ProgramDirector, p => p.RequireRole(Roles.ProgramDirector).RequireClaim("amr", "mfa"))
            .AddPolicy(Policies.CredentialingBody, p => p.RequireRole(Roles.CredentialingBody).RequireClaim("amr", "mfa"))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin).RequireClaim("amr", "mfa"));

        AddRateLimits(builder, accounts);

        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddScoped<AccountService>();
        builder.Services.AddScoped<UserSessions>();
        builder.Services.AddScoped<ViewerTimeZone>();
        return builder;
    }

    /// <summary>Identity with NIST SP 800-63B password rules, lockout, single-use authenticator codes and stamp checks.</summary>
    private static void AddIdentityRules(WebApplicationBuilder builder, AccountsOptions accounts)
    {
        builder.Services
            .AddIdentity<AppUser, IdentityRole<Guid>>(o =>
            {
                // NIST SP 800-63B: length, no composition rules, block-list (CommonPasswordValidator).
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = accounts.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(accounts.LockoutMinutes);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserStore<HashedRecoveryCodeUserStore>()
            .AddUserManager<AuditingUserManager>()
            .AddSignInManager<AuditingSignInManager>()
            .AddDefaultTokenProviders()
            // Registered after the defaults under the same name: replaces Identity's replayable authenticator provider.
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(SingleUseAuthenticatorTokenProvider.Name)
            .AddPasswordValidator<CommonPasswordValidator>();
        builder.Services.AddSingleton<SecurityAuditLog>();
        builder.Services.AddSingleton<DummyPasswordHash>();
        builder.Services.AddSingleton<EndedSessions>();

        // A changed password, a disabled account or changed roles end other sessions within this interval
        // (the stamp is checked against the database); the check runs on the app's clock so tests can move it.
        builder.Services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, clock) =>
        {
            o.ValidationInterval = accounts.SessionValidationInterval;
            o.TimeProvider = clock;
            // A refreshed cookie keeps how the person authenticated (amr=mfa), or privileged people would be sent back to enroll.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity && !identity.HasClaim(c => c.Type == "amr"))
                {
                    foreach (var amr in context.CurrentPrincipal?.FindAll("amr") ?? [])
                    {
                        identity.AddClaim(new System.Security.Claims.Claim("amr", amr.Value));
                    }
                }
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>The sign-in cookie and Identity's two-step cookies: names, lifetime, and the rules in SessionCookieEvents.</summary>
    private static void AddSignInCookies(WebApplicationBuilder builder)
    {
        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = Pbkdf2Iterations);
        // Identity's short-lived cookies (between the password and the code; "remember this browser") follow the same rule.
        builder.Services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme,
            o => CookieNames.Apply(o.Cookie, "rt.2fa", builder.Configuration));
        builder.Services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme,
            o => CookieNames.Apply(o.Cookie, "rt.2fa-remember", builder.Configuration));

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/accounts/login";
            o.LogoutPath = "/accounts/logout";
            o.AccessDeniedPath = "/accounts/access-denied";
            CookieNames.Apply(o.Cookie, "rt.auth", builder.Configuration);
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // Its rules (absolute lifetime, session rows, API-aware redirects) are in SessionCookieEvents.
            o.EventsType = typeof(SessionCookieEvents);
        });
        builder.Services.AddScoped<SessionCookieEvents>();
    }

    /// <summary>Per-address budgets for the public forms and the second step; refusals are logged and say when to retry.</summary>
    private static void AddRateLimits(WebApplicationBuilder builder, AccountsOptions accounts)
    {
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address and form, so a burst on one form does not lock people out of another.
            o.AddPolicy(PublicFormsRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                $"{context.Connection.RemoteIpAddress}|{RouteKey(context)}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = accounts.PublicFormsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            // The sign-in page only stops floods: staff behind one hospital address share it (ADR-033); SignInThrottle paces posts.
            // Only posts count, so one sign-in is one request of the budget (showing the form reads nothing from the database).
            o.AddPolicy(SignInPageRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = accounts.SignInPagePerMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("sign-in page shown"));
            // Six digits are guessable: besides per-account lockout, few tries per address.
            o.AddPolicy(TwoFactorRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = accounts.TwoFactorPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = async (context, token) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<SecurityAuditLog>().Refused("rate limit");
                // Tell well-behaved clients when to come back (RFC 6585 + Retry-After).
                context.HttpContext.Response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                    ? ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : "60";
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    context.HttpContext.Response.ContentType = "application/problem+json";
                    await context.HttpContext.Response.WriteAsync("{\"type\":\"https://tools.ietf.org/html/rfc6585#section-4\",\"title\":\"Too many requests\",\"status\":429,\"detail\":\"Too many requests from your network. Wait for the time in the Retry-After header.\"}", token);
                    return;
                }
                context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(TooManyRequestsPage, token);
            };
        });
    }
}
