using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// The public side of the credentials: the issuer Profile, its keys (one JWK per kid URL, and a JWKS with retired
/// keys too), the signed revocation list, and a verifier for VC-JWTs. All anonymous; nothing here changes state
/// except that the first signature creates the issuer key.
/// </summary>
public static class CredentialsApi
{
    public const string VerifyEndpointName = "VerifyCredentialJwt";

    /// <summary>How long verifiers may cache the revocation list (also its <c>ttl</c>).</summary>
    public static readonly TimeSpan StatusListMaxAge = TimeSpan.FromMinutes(5);

    public sealed record VerifyRequest(string? Jwt);

    public sealed record CheckView(string Name, bool Passed, string Detail);

    public sealed record AchievementView(string? Id, string? Name, string? AchievementType);

    public sealed record CredentialSummary(
        string? Id, IReadOnlyList<string> Type, string? Name, string? IssuerId, string? IssuerName, string? ValidFrom, string? ValidUntil,
        string? AwardedDate, string? SubjectId, double? CreditsEarned, AchievementView? Achievement);

    public sealed record VerificationView(bool Valid, IReadOnlyList<CheckView> Checks, CredentialSummary? Credential);

    /// <summary>The two route groups, so that the caller can add policies (e.g. rate limiting) to the verifier alone.</summary>
    public sealed record CredentialsEndpoints(RouteGroupBuilder Documents, RouteGroupBuilder Verifications);

    public static CredentialsEndpoints MapCredentialsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("").AllowAnonymous().WithTags("Credentials");
        documents.MapGet("/issuers/main", GetIssuer);
        documents.MapGet("/issuers/main/keys/{thumbprint}", GetKeyAsync);
        documents.MapGet("/.well-known/jwks.json", GetJwksAsync);
        documents.MapGet("/status/revocation/{list:int}", GetRevocationListAsync);

        var verifications = app.MapGroup("/api/v1/verifications").AllowAnonymous().WithTags("Verification");
        verifications.MapPost("/jwt", VerifyJwtAsync).WithName(VerifyEndpointName);
        return new CredentialsEndpoints(documents, verifications);
    }

    private static ContentHttpResult GetIssuer(HttpContext context, IOptions<CredentialsOptions> options)
    {
        var profile = new JsonObject { ["@context"] = new JsonArray(OpenBadgeBuilder.VcContext, OpenBadgeBuilder.OpenBadgesContext) };
        foreach (var (name, value) in OpenBadgeBuilder.IssuerProfile(options.Value))
        {
            profile[name] = value?.DeepClone();
        }
        PublicDocument(context, TimeSpan.FromHours(1));
        var contentType = AcceptsLinkedData(context.Request) ? "application/ld+json" : "application/json";
        return TypedResults.Text(profile.ToJsonString(), contentType, Encoding.UTF8);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetKeyAsync(
        string thumbprint, HttpContext context, IssuerKeyStore keys, CancellationToken ct)
    {
        var key = await keys.FindPublicKeyAsync(thumbprint, ct);
        if (key is null)
        {
            return TypedResults.Problem("There is no issuer key with this thumbprint.", statusCode: StatusCodes.Status404NotFound, title: "Unknown key");
        }
        // A thumbprint names one key for ever, so the document never changes.
        PublicDocument(context, TimeSpan.FromDays(1));
        return TypedResults.Text(key.ToJwk().ToJsonString(), "application/json", Encoding.UTF8);
    }

    private static async Task<ContentHttpResult> GetJwksAsync(HttpContext context, IssuerKeyStore keys, CancellationToken ct)
    {
        var all = await keys.ListPublicKeysAsync(ct);
        var jwks = new JsonObject { ["keys"] = new JsonArray(all.Select(k => (JsonNode)k.ToJwk()).ToArray()) };
        PublicDocument(context, TimeSpan.FromMinutes(5));
        return TypedResults.Text(jwks.ToJsonString(), "application/json", Encoding.UTF8);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetRevocationListAsync(
        int list, HttpContext context, [FromServices] IRevokedIndexSource revoked, IssuerKeyStore keys, IOptions<CredentialsOptions> options,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        if (list < 1 || list > await revoked.ListCountAsync())
        {
            return TypedResults.Problem($"There is no revocation list {list}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown status list");
        }
        var settings = options.Value;
        var bits = new BitstringStatusList();
        foreach (var index in await revoked.RevokedIndexesAsync(list))
        {
            if (index >= 0 && index < bits.Length)
            {
                bits.Set(index);
            }
            else
            {
                loggers.CreateLogger(typeof(CredentialsApi)).LogError("Revoked status index {Index} is outside the revocation list", index);
            }
        }
        var credential = bits.BuildStatusListCredential(settings.RevocationListUrl(list), settings.IssuerId, "revocation", clock.GetUtcNow(), StatusListMaxAge);
        var jwt = await keys.SignAsync(credential, ct);
        context.Response.Headers.CacheControl = $"max-age={(int)StatusListMaxAge.TotalSeconds}";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        return TypedResults.Text(jwt, "text/plain", Encoding.UTF8);
    }

    private static async Task<Results<Ok<VerificationView>, ProblemHttpResult>> VerifyJwtAsync(
        HttpRequest request, IssuerKeyStore keys, [FromServices] IRevokedIndexSource revoked, IOptions<CredentialsOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var (jwt, problem) = await ReadJwtAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var publicKeys = await keys.ListPublicKeysAsync(ct);
        var result = await VcJwt.VerifyAsync(jwt, publicKeys, RevocationLookup(revoked, options.Value), clock.GetUtcNow(), ct);
        var view = ToView(result);
        if (result.IsMalformed)
        {
            return TypedResults.Problem(result.Find(VerificationChecks.Token)?.Detail, statusCode: StatusCodes.Status400BadRequest,
                title: "This is not a VC-JWT.", type: "https://www.w3.org/TR/vc-data-model-2.0/#PARSING_ERROR",
                extensions: new Dictionary<string, object?> { ["checks"] = view.Checks });
        }
        return TypedResults.Ok(view);
    }

    /// <summary>Revocation for our lists, read straight from the source of truth rather than from the published copy.</summary>
    public static CredentialStatusLookup RevocationLookup(IRevokedIndexSource revoked, CredentialsOptions options) => async (entry, _) =>
    {
        if (options.RevocationListNumber(entry.StatusListCredential) is not { } list || entry.Purpose != "revocation"
            || list > await revoked.ListCountAsync())
        {
            return StatusLookupResult.Unknown("the credential points to a status list this issuer does not publish");
        }
        if (entry.Index >= BitstringStatusList.MinimumEntries)
        {
            return StatusLookupResult.Unknown("the status index is beyond the end of the revocation list");
        }
        var indexes = await revoked.RevokedIndexesAsync(list);
        return indexes.Contains(entry.Index) ? StatusLookupResult.Set : StatusLookupResult.Clear;
    };

    /// <summary>
    /// The token from a text/plain (or application/jwt, or untyped) body, or from JSON <c>{"jwt": "…"}</c>. Reads at most a little
    /// more than <see cref="VcJwt.MaxTokenLength"/>, whatever Content-Length says.
    /// </summary>
    internal static async Task<(string? Jwt, ProblemHttpResult? Problem)> ReadJwtAsync(HttpRequest request, CancellationToken ct)
    {
        const int limit = VcJwt.MaxTokenLength + 1024;
        if (request.ContentLength > limit)
        {
            return (null, TooLarge());
        }
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
        var isJson = mediaType is "application/json" || (mediaType?.EndsWith("+json", StringComparison.Ordinal) ?? false);
        if (!isJson && mediaType is not (null or "text/plain" or "application/jwt"))
        {
            return (null, TypedResults.Problem("Send the token as text/plain, or as JSON {\"jwt\": \"…\"}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"));
        }

        using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: false));
        var buffer = new char[limit + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }
        if (length > limit)
        {
            return (null, TooLarge());
        }
        var body = new string(buffer, 0, length);

        string? jwt = body;
        if (isJson)
        {
            try
            {
                jwt = JsonSerializer.Deserialize<VerifyRequest>(body, JsonSerializerOptions.Web)?.Jwt;
            }
            catch (JsonException)
            {
                return (null, BadRequest("The body is not valid JSON. Send {\"jwt\": \"…\"} or the token as text/plain."));
            }
        }
        if (string.IsNullOrWhiteSpace(jwt))
        {
            return (null, BadRequest(isJson ? "The JSON body has no \"jwt\" string." : "The body is empty; send the token as text/plain."));
        }
        return (jwt.Trim(), null);
    }

    internal static VerificationView ToView(VcJwtVerification result) => new(
        result.Valid,
        result.Checks.Select(c => new CheckView(c.Name, c.Passed, c.Detail)).ToList(),
        result.Credential is { } credential ? Summarize(credential) : null);

    private static CredentialSummary Summarize(JsonObject credential)
    {
        var subject = credential["credentialSubject"] as JsonObject;
        var achievement = subject?["achievement"] as JsonObject;
        var types = credential["type"] is JsonArray array ? array.Select(VcJwt.Text).OfType<string>().ToList() : [];
        double? credits = subject?["creditsEarned"] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
        return new CredentialSummary(
            VcJwt.Text(credential["id"]), types, VcJwt.Text(credential["name"]), VcJwt.IssuerId(credential),
            VcJwt.Text((credential["issuer"] as JsonObject)?["name"]), VcJwt.Text(credential["validFrom"]), VcJwt.Text(credential["validUntil"]),
            VcJwt.Text(credential["awardedDate"]), VcJwt.Text(subject?["id"]), credits,
            achievement is null ? null : new AchievementView(VcJwt.Text(achievement["id"]), VcJwt.Text(achievement["name"]), VcJwt.Text(achievement["achievementType"])));
    }

    private static bool AcceptsLinkedData(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) &&
        accepted.Any(a => a.MediaType.Equals("application/ld+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Public, cacheable documents that browser-based verifiers and wallets may fetch from any origin.</summary>
    private static void PublicDocument(HttpContext context, TimeSpan maxAge)
    {
        context.Response.Headers.CacheControl = $"public, max-age={(int)maxAge.TotalSeconds}";
        context.Response.Headers.AccessControlAllowOrigin = "*";
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not a token to verify.");

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"A token is at most {VcJwt.MaxTokenLength:N0} characters.", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The token is too large.");
}
