using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace ReferralTraining.Web.Features.Verification;

public sealed class VerificationOptions
{
    public const string Section = "Verification";

    /// <summary>Public lookups per minute per client address (page and API).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int PublicPerMinute { get; set; } = 60;
}

public static class VerificationsApi
{
    public const string PublicRateLimit = "public-verification";

    public static WebApplicationBuilder AddVerification(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var perMinute = builder.Configuration.GetSection(VerificationOptions.Section).Get<VerificationOptions>()?.PublicPerMinute ?? 60;
        builder.Services.AddSingleton<VerificationReads>();
        builder.Services.AddSingleton<VerificationService>();
        builder.Services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(PublicRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    public static RouteGroupBuilder MapVerificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/verifications").WithTags("Verifications").RequireRateLimiting(PublicRateLimit);
        group.MapGet("/{code}", VerifyAsync);
        return group;
    }

    private static async Task<Results<Ok<VerificationResult>, NotFound<VerificationResult>, ProblemHttpResult>> VerifyAsync(string code, VerificationService verification)
    {
        var result = await verification.VerifyAsync(code);
        return result.Status switch
        {
            VerificationService.Malformed => TypedResults.Problem(
                "A certificate code has 17 letters and digits, usually written XXXX-XXXX-XXXX-XXXX-X, and its last character is a check character. This code is not in that form or its check character does not match (a typo?).",
                statusCode: StatusCodes.Status400BadRequest, title: "Not a valid certificate code"),
            VerificationService.Unknown => TypedResults.NotFound(result),
            _ => TypedResults.Ok(result),
        };
    }
}
