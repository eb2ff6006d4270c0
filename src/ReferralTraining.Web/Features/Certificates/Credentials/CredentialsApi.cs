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

    /// <param name="Status">valid, revoked, suspended or invalid (the code API's words for the same certificate); foreign-issuer for a
    /// credential another issuer signed, json-credential for a credential in JSON form rather than a VC-JWT.</param>
    public sealed record VerificationView(bool Valid, IReadOnlyList<CheckView> Checks, CredentialSummary? Credential, string Status);

    /// <summary>
    /// The public documents. The VC-JWT verifier (<see cref="VerifyJwtAsync"/>) is mapped by
    /// <c>Verification.VerificationsApi</c>, which owns the /api/v1/verifications prefix.
    /// </summary>
    public static RouteGroupBuilder MapCredentialsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("").AllowAnonymous().WithTags("Credentials");
        documents.MapGet("/issuers/main", GetIssuer);
        documents.MapGet("/issuers/main/keys/{thumbprint}", GetKeyAsync);
        documents.MapGet("/.well-known/jwks.json", GetJwksAsync);
        documents.MapGet("/status/revocation/{list:int}", (int list, HttpContext context, [FromServices] IRevokedIndexSource source, IssuerKeyStore keys,
            IOptions<CredentialsOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct) =>
            GetStatusListAsync("revocation", list, context, source, keys, options, clock, loggers, ct));
        documents.MapGet("/status/suspension/{list:int}", (int list, HttpContext context, [FromServices] IRevokedIndexSource source, IssuerKeyStore keys,
            IOptions<CredentialsOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct) =>
            GetStatusListAsync("suspension", list, context, source, keys, options, clock, loggers, ct));
        return documents;
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

    /// <summary>A signed Bitstring Status List: revocation (permanent) or suspension (cleared on reinstatement), same slots.</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetStatusListAsync(
        string purpose, int list, HttpContext context, IRevokedIndexSource source, IssuerKeyStore keys, IOptions<CredentialsOptions> options,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        if (list < 1 || list > await source.ListCountAsync(ct))
        {
            return TypedResults.Problem($"There is no {purpose} list {list}.", statusCode: StatusCodes.Status404NotFound, title: "Unknown status list");
        }
        var settings = options.Value;
        var bits = new BitstringStatusList();
        var indexes = purpose == "suspension" ? await source.SuspendedIndexesAsync(list, ct) : await source.RevokedIndexesAsync(list, ct);
        foreach (var index in indexes)
        {
            if (index >= 0 && index < bits.Length)
            {
                bits.Set(index);
            }
            else
            {
                loggers.CreateLogger(typeof(CredentialsApi)).LogError("Status index {Index} is outside the {Purpose} list", index, purpose);
            }
        }
        var credential = bits.BuildStatusListCredential(settings.StatusListUrl(purpose, list), settings.IssuerId, purpose, clock.GetUtcNow(), StatusListMaxAge);
        var jwt = await keys.SignAsync(credential, ct);
        context.Response.Headers.CacheControl = $"max-age={(int)StatusListMaxAge.TotalSeconds}";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        return TypedResults.Text(jwt, "text/plain", Encoding.UTF8);
    }

    /// <summary>POST /api/v1/verifications/jwt (mapped by VerificationsApi).</summary>
    internal static async Task<Results<Ok<VerificationView>, ProblemHttpResult>> VerifyJwtAsync(
        HttpRequest request, IssuerKeyStore keys, [FromServices] IRevokedIndexSource revoked, IOptions<CredentialsOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var (jwt, problem) = await ReadJwtAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var settings = options.Value;
        var recognized = ForeignCredentials.Recognize(jwt!, settings);
        if (recognized?.Jwt is { } wrapped)
        {
            // Our wallet JSON: verify the VC-JWT it carries (which may itself be someone else's).
            jwt = wrapped;
            recognized = ForeignCredentials.Recognize(jwt, settings);
        }
        if (recognized is { Status: null, Detail: { } unreadable })
        {
            return TypedResults.Problem(unreadable, statusCode: StatusCodes.Status400BadRequest, title: "This is not a credential to verify.",
                type: "https://www.w3.org/TR/vc-data-model-2.0/#PARSING_ERROR");
        }
        if (recognized is { Status: { } kind, Detail: { } detail })
        {
            // Not malformed and not tampered: a credential this service does not vouch for, said in one check.
            var name = kind == ForeignCredentials.ForeignIssuer ? "issuer" : "format";
            return TypedResults.Ok(new VerificationView(false, [new CheckView(name, false, detail)], null, kind));
        }
        var publicKeys = await keys.ListPublicKeysAsync(ct);
        var result = await VcJwt.VerifyAsync(jwt, publicKeys, RevocationLookup(revoked, options.Value), clock.GetUtcNow(), ct);
        result = await WithRecordedSuspensionAsync(result, revoked, options.Value, ct);
        var view = ToView(result);
        if (result.IsMalformed)
        {
            return TypedResults.Problem(result.Find(VerificationChecks.Token)?.Detail, statusCode: StatusCodes.Status400BadRequest,
                title: "This is not a VC-JWT.", type: "https://www.w3.org/TR/vc-data-model-2.0/#PARSING_ERROR",
                extensions: new Dictionary<string, object?> { ["checks"] = view.Checks });
        }
        return TypedResults.Ok(view);
    }

    /// <summary>Revocation and suspension for our lists, read straight from the source of truth rather than from the published copy.</summary>
    public static CredentialStatusLookup RevocationLookup(IRevokedIndexSource source, CredentialsOptions options) => async (entry, ct) =>
    {
        if (options.StatusListNumber(entry.StatusListCredential, entry.Purpose) is not { } list || list > await source.ListCountAsync(ct))
        {
            return StatusLookupResult.Unknown("the credential points to a status list this issuer does not publish");
        }
        if (entry.Index >= BitstringStatusList.MinimumEntries)
        {
            return StatusLookupResult.Unknown($"the status index is beyond the end of the {entry.Purpose} list");
        }
        var indexes = entry.Purpose == "suspension" ? await source.SuspendedIndexesAsync(list, ct) : await source.RevokedIndexesAsync(list, ct);
        return indexes.Contains(entry.Index) ? StatusLookupResult.Set : StatusLookupResult.Clear;
    };

    /// <summary>
    /// Credentials issued before they carried a suspension entry (ADR-007) point only into a revocation list; their slot still
    /// names the certificate, so a suspension recorded for it is reported by this service (a third party cannot see it).
    /// </summary>
    internal static async Task<VcJwtVerification> WithRecordedSuspensionAsync(VcJwtVerification result, IRevokedIndexSource source, CredentialsOptions options, CancellationToken ct)
    {
        if (!result.Valid || result.Credential is not { } credential)
        {
            return result;
        }
        var entries = VcJwt.StatusEntries(credential);
        if (entries.Any(e => e.Purpose == "suspension"))
        {
            return result;
        }
        foreach (var entry in entries.Where(e => e.Purpose == "revocation"))
        {
            if (options.RevocationListNumber(entry.StatusListCredential) is { } list && (await source.SuspendedIndexesAsync(list, ct)).Contains(entry.Index))
            {
                var checks = result.Checks.Select(c => c.Name == VerificationChecks.Status
                    ? new VerificationCheck(c.Name, false, "The issuer has suspended this credential. It was issued before credentials carried a " +
                        "suspension entry, so the suspension is in the issuer's records rather than in a status list the credential names.")
                    : c).ToList();
                return result with { Valid = false, Checks = checks, Outcome = CredentialOutcome.Suspended };
            }
        }
        return result;
    }

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
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.TryGetProperty("jwt", out _)
                    && (document.RootElement.TryGetProperty("@context", out _) || document.RootElement.TryGetProperty("credential", out _)))
                {
                    // A credential posted as JSON itself: recognised and explained, not refused as a bad request shape.
                    return (body.Trim(), null);
                }
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
        result.Credential is { } credential ? Summarize(credential) : null,
        result.Outcome.ToString().ToLowerInvariant());

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
