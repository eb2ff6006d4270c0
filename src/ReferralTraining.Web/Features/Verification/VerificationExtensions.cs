using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

public static class VerificationExtensions
{
    public static WebApplicationBuilder AddVerification(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var perMinute = builder.Configuration.GetSection(VerificationOptions.Section).Get<VerificationOptions>()?.PublicPerMinute ?? 60;
        builder.Services.AddSingleton<VerificationReads>();
        builder.Services.AddSingleton<VerificationService>();
        builder.Services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(VerificationsApi.PublicRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    public static WebApplicationBuilder AddCredentialingBodies(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportingOptions>().BindConfiguration(ReportingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ApiKeyService>();
        builder.Services.AddScoped<ConsentService>();
        builder.Services.AddScoped<BoardVerificationService>();
        builder.Services.AddScoped<ReportingExports>();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(VerificationsApi.CredentialingBodyPolicy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.CredentialingBody));
        return builder;
    }
}
