using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>
/// "Authorization: Bearer rtk_…" for the credentialing-body API only. Cookies never authenticate these endpoints,
/// so a signed-in browser cannot be used to call them cross-site.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys, SecurityAuditLog audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Not a bearer token.");
        }
        var owner = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim());
        if (owner is null)
        {
            audit.Refused("credentialing-body API key unknown or revoked");
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, owner.UserId.ToString()),
            new Claim(ClaimTypes.Role, Roles.CredentialingBody),
            new Claim("api_key", owner.Prefix),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"verifications\"";
        return TypedResults.Problem(
            "Send your API key as \"Authorization: Bearer rtk_…\". Keys are created on /verification/api-keys; a revoked key no longer works.",
            statusCode: StatusCodes.Status401Unauthorized, title: "API key missing, unknown or revoked").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem("This key's owner is not a credentialing body.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);
}

public static class CredentialingBodiesApi
{
    public const string ApiPolicy = "credentialing-body-api";

    public static WebApplicationBuilder AddCredentialingBodies(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportingOptions>().BindConfiguration(ReportingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ApiKeyService>();
        builder.Services.AddScoped<ConsentService>();
        builder.Services.AddScoped<BoardVerificationService>();
        builder.Services.AddScoped<ReportingExports>();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(ApiPolicy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.CredentialingBody));
        return builder;
    }

    public static RouteGroupBuilder MapCredentialingBodiesApi(this IEndpointRouteBuilder app)
    {
        // Same prefix as the public lookup; the literal segments win over its {code} route.
        var group = app.MapGroup("/api/v1/verifications").WithTags("Verifications")
            .RequireAuthorization(ApiPolicy)
            .RequireRateLimiting(VerificationsApi.PublicRateLimit);
        group.MapPost("/bulk", BulkAsync).DisableAntiforgery();
        group.MapGet("/audit", AuditAsync);
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<BulkVerificationLine>>, ProblemHttpResult>> BulkAsync(HttpRequest request, BoardVerificationService boards)
    {
        var mediaType = request.ContentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var m) ? m.MediaType : null;
        if (mediaType is not ("text/csv" or "text/plain"))
        {
            return TypedResults.Problem("Send the codes as a CSV body with \"Content-Type: text/csv\": a header line \"code\", then one code per line.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Expected text/csv");
        }
        if (request.ContentLength > BoardVerificationService.MaxBytes)
        {
            return TooLarge();
        }
        // Read at most one byte more than allowed, whatever Content-Length claimed.
        var buffer = new byte[BoardVerificationService.MaxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read))) > 0)
        {
            read += n;
        }
        if (read > BoardVerificationService.MaxBytes)
        {
            return TooLarge();
        }
        var (codes, problem) = BoardVerificationService.ParseCsv(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        if (problem is not null)
        {
            return TypedResults.Problem(problem.Message, statusCode: problem.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                title: "The CSV cannot be checked", extensions: new Dictionary<string, object?> { ["line"] = problem.Line });
        }
        return TypedResults.Ok(await boards.VerifyAsync(codes));
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        $"The body is larger than {BoardVerificationService.MaxBytes / 1024} KB. Split it into files of at most {BoardVerificationService.MaxRows} codes.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The CSV is too large", extensions: new Dictionary<string, object?> { ["line"] = 0 });

    private static async Task<Results<Ok<AuditResult>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ProblemHttpResult>> AuditAsync(
        string? authority, string? number, string? from, string? to, ClaimsPrincipal user, BoardVerificationService boards)
    {
        if (string.IsNullOrWhiteSpace(authority) || string.IsNullOrWhiteSpace(number))
        {
            return TypedResults.Problem("Give the licence's issuing authority (e.g. NY or the board's name) and its number.",
                statusCode: StatusCodes.Status400BadRequest, title: "Licence missing");
        }
        DateOnly? f = DateOnly.TryParseExact(from, "yyyy-MM-dd", out var fd) ? fd : null;
        DateOnly? t = DateOnly.TryParseExact(to, "yyyy-MM-dd", out var td) ? td : null;
        var rangeError = BoardVerificationService.ValidateRange(f, t);
        if (rangeError is not null)
        {
            return TypedResults.Problem(rangeError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid period");
        }
        var bodyId = user.UserId();
        var result = await boards.AuditAsync(bodyId, authority, number, f!.Value, t!.Value);
        // No consent and no such licence look identical: a board cannot probe who studies here.
        return result is null
            ? TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status404NotFound, Title = "No consented record",
                Detail = "No clinician holding this licence has agreed to share their CE record with you.",
            })
            : TypedResults.Ok(result);
    }
}
