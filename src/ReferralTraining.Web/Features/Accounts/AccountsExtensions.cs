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
    private const string SignedInAtItem = "rt.signed_in_at";
    private const string SessionItem = "rt.session";

    private static Guid? SessionId(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SessionItem, out var value) && Guid.TryParse(value, out var id) ? id : null;

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

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AccountsOptions.Section);
        builder.Services.AddOptions<AccountsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var accounts = section.Get<AccountsOptions>() ?? new AccountsOptions();

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
            // A refreshed cookie keeps how the person authenticated (amr=mfa), or privileged people would be sent back to enrol.
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
            // APIs answer 401/403 instead of redirecting to the sign-in page.
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = async context =>
            {
                // A signed-in person refused by a policy: worth a line in the security log (ASVS 16.3.2).
                var audit = context.HttpContext.RequestServices.GetRequiredService<SecurityAuditLog>();
                var userId = context.HttpContext.User.TryGetUserId();
                await audit.RecordAsync(SecurityEventKind.AccessDenied, userId, context.HttpContext.User.Identity?.Name,
                    $"{context.Request.Method} {context.Request.Path}");
                await ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            };
            // Absolute lifetime: sliding expiration alone would keep an active session forever. The sign-in time
            // is kept in the cookie's properties, which survive renewals and security-stamp refreshes.
            // The session row (ASVS 7.5.2, UserSessions) is named there too: a refreshed sign-in keeps its row.
            o.Events.OnSigningIn = async context =>
            {
                var services = context.HttpContext.RequestServices;
                var clock = services.GetRequiredService<TimeProvider>();
                context.Properties.Items.TryAdd(SignedInAtItem, clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (context.Principal?.TryGetUserId() is not { } userId)
                {
                    return;
                }
                var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
                var stamp = context.Principal.FindFirst(stampClaim)?.Value ?? "";
                var sessions = services.GetRequiredService<UserSessions>();
                if (SessionId(context.Properties) is { } kept)
                {
                    await sessions.RestampAsync(kept, userId, stamp);
                    context.HttpContext.Items[UserSessions.HttpContextItem] = kept;
                    return;
                }
                var started = await sessions.StartAsync(userId, stamp, context.Request.Headers.UserAgent.ToString(), context.HttpContext.Connection.RemoteIpAddress?.ToString());
                context.Properties.Items[SessionItem] = started.ToString();
                context.HttpContext.Items[UserSessions.HttpContextItem] = started;
            };
            // Every sign-out (the button, a rejected cookie) ends the session's row, so the list never shows it again.
            o.Events.OnSigningOut = async context =>
            {
                if (UserSessions.Current(context.HttpContext) is { } current)
                {
                    await context.HttpContext.RequestServices.GetRequiredService<UserSessions>().EndAsync(null, current);
                }
            };
            var validateStamp = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                var session = SessionId(context.Properties);
                if (session is not null)
                {
                    context.HttpContext.Items[UserSessions.HttpContextItem] = session;
                }
                // Ended in this process a moment ago (sign-out, password change): refused now, not at the next timed check.
                if (session is { } endedId && context.HttpContext.RequestServices.GetRequiredService<EndedSessions>().Contains(endedId))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                if (!context.Properties.Items.TryGetValue(SignedInAtItem, out var at) || !long.TryParse(at, out var seconds)
                    || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > TimeSpan.FromHours(accounts.AbsoluteSessionHours))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                // Same rule as SecurityStampValidator (check when more than the interval has passed since the cookie
                // was issued), applied before resolving it: resolving builds SignInManager, UserManager, the user store
                // and a DbContext, which cost a signed-in request about a seventh of its CPU when nothing is due.
                var interval = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;
                if (context.Properties.IssuedUtc is { } issued && clock.GetUtcNow() - issued <= interval)
                {
                    return;
                }
                // A session ended from the list (or by a sign-out elsewhere) is refused at the same check as a changed
                // stamp. Cookies from before session rows existed carry no id and rely on the stamp alone.
                if (session is { } id && context.Principal?.TryGetUserId() is { } userId
                    && !await context.HttpContext.RequestServices.GetRequiredService<UserSessions>().TouchAsync(id, userId))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await validateStamp(context);
            };
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Clinician, p => p.RequireRole(Roles.Clinician))
            // Privileged policies also need a session that passed the second step (defence in depth behind UseTwoFactorGate).
            .AddPolicy(Policies.ProgramDirector, p => p.RequireRole(Roles.ProgramDirector).RequireClaim("amr", "mfa"))
            .AddPolicy(Policies.CredentialingBody, p => p.RequireRole(Roles.CredentialingBody).RequireClaim("amr", "mfa"))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin).RequireClaim("amr", "mfa"));

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address and form, so a burst on one form does not lock people out of another.
            o.AddPolicy(PublicFormsRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                $"{context.Connection.RemoteIpAddress}|{RouteKey(context)}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = accounts.PublicFormsPerMinute, Window = TimeSpan.FromMinutes(1) }));
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

        builder.Services.AddScoped<AccountService>();
        builder.Services.AddScoped<UserSessions>();
        return builder;
    }
}
