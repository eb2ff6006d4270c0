using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>Failed sign-ins before the account is locked.</summary>
    [Range(3, 20)]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Requests per minute per client address to the public account forms (sign-in, register, reset).</summary>
    [Range(1, 100_000)]
    public int PublicFormsPerMinute { get; set; } = 30;
}

public static class AccountsExtensions
{
    public const string PublicFormsRateLimit = "public-forms";

    /// <summary>OWASP 2023 guidance for PBKDF2-HMAC-SHA512.</summary>
    public const int Pbkdf2Iterations = 210_000;

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
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();

        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = Pbkdf2Iterations);

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/accounts/login";
            o.LogoutPath = "/accounts/logout";
            o.AccessDeniedPath = "/accounts/access-denied";
            o.Cookie.Name = "rt.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // APIs answer 401/403 instead of redirecting to the sign-in page.
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Clinician, p => p.RequireRole(Roles.Clinician))
            .AddPolicy(Policies.ProgramDirector, p => p.RequireRole(Roles.ProgramDirector))
            .AddPolicy(Policies.CredentialingBody, p => p.RequireRole(Roles.CredentialingBody))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PublicFormsRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = accounts.PublicFormsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = async (context, token) =>
            {
                // Tell well-behaved clients when to come back (RFC 6585 + Retry-After).
                context.HttpContext.Response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                    ? ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : "60";
                if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    context.HttpContext.Response.ContentType = "application/problem+json";
                    await context.HttpContext.Response.WriteAsync("{\"type\":\"https://tools.ietf.org/html/rfc6585#section-4\",\"title\":\"Too many requests\",\"status\":429,\"detail\":\"Too many requests from your network. Wait for the time in the Retry-After header.\"}", token);
                    return;
                }
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many attempts from your network. Please wait a minute and try again.", token);
            };
        });

        builder.Services.AddScoped<AccountService>();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddOptions<DemoSeedOptions>().BindConfiguration(DemoSeedOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || builder.Environment.IsDevelopment(), "Seed:Enabled may only be true in the Development environment.")
            .ValidateOnStart();
        return builder;
    }
}
