using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>
/// Everything under /api/v1/verifications: the public certificate-code lookup and VC-JWT verifier, and the
/// credentialing bodies' bulk check and license audit (API key only). One route table, so the prefix has one owner.
/// </summary>
public static class VerificationsApi
{
    public const string PublicRateLimit = "public-verification";

    public const string CredentialingBodyPolicy = "credentialing-body-api";

    public static RouteGroupBuilder MapVerificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/verifications").WithTags("Verifications").RequireRateLimiting(PublicRateLimit);
        group.MapGet("/{code}", VerifyAsync);
        group.MapPost("/jwt", CredentialsApi.VerifyJwtAsync).AllowAnonymous().WithName(CredentialsApi.VerifyEndpointName);
        // The literal segments win over the {code} route.
        group.MapPost("/bulk", BulkAsync).RequireAuthorization(CredentialingBodyPolicy).DisableAntiforgery();
        group.MapGet("/audit", AuditAsync).RequireAuthorization(CredentialingBodyPolicy);
        return group;
    }

    private static async Task<Results<Ok<VerificationResult>, NotFound<VerificationResult>, ProblemHttpResult>> VerifyAsync(string code, VerificationService verification, CancellationToken ct)
    {
        var result = await verification.VerifyAsync(code, ct);
        return result.Status switch
        {
            VerificationService.Malformed => TypedResults.Problem(
                "A certificate code has 17 letters and digits, usually written XXXX-XXXX-XXXX-XXXX-X, and its last character is a check character. This code is not in that form or its check character does not match (a typo?).",
                statusCode: StatusCodes.Status400BadRequest, title: "Not a valid certificate code"),
            VerificationService.Unknown => TypedResults.NotFound(result),
            _ => TypedResults.Ok(result),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<BulkVerificationLine>>, ProblemHttpResult>> BulkAsync(HttpRequest request, BoardVerificationService boards, CancellationToken ct)
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
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
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
        return TypedResults.Ok(await boards.VerifyAsync(codes, ct));
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        $"The body is larger than {BoardVerificationService.MaxBytes / 1024} KB. Split it into files of at most {BoardVerificationService.MaxRows} codes.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The CSV is too large", extensions: new Dictionary<string, object?> { ["line"] = 0 });

    private static async Task<Results<Ok<AuditResult>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ProblemHttpResult>> AuditAsync(
        string? authority, string? number, string? from, string? to, ClaimsPrincipal user, BoardVerificationService boards, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(authority) || string.IsNullOrWhiteSpace(number))
        {
            return TypedResults.Problem("Give the license's issuing authority (e.g. NY or the board's name) and its number.",
                statusCode: StatusCodes.Status400BadRequest, title: "License missing");
        }
        DateOnly? f = DateOnly.TryParseExact(from, "yyyy-MM-dd", out var fd) ? fd : null;
        DateOnly? t = DateOnly.TryParseExact(to, "yyyy-MM-dd", out var td) ? td : null;
        var rangeError = BoardVerificationService.ValidateRange(f, t);
        if (rangeError is not null)
        {
            return TypedResults.Problem(rangeError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid period");
        }
        var bodyId = user.UserId();
        var result = await boards.AuditAsync(bodyId, authority, number, f!.Value, t!.Value, ct);
        // No consent and no such license look identical: a board cannot probe who studies here.
        return result is null
            ? TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status404NotFound, Title = "No consented record",
                Detail = "No clinician holding this license has agreed to share their CE record with you.",
            })
            : TypedResults.Ok(result);
    }
}
