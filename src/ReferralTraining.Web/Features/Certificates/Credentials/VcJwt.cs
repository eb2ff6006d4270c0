using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// VC-JWT as Open Badges 3.0 defines it (credentials.md §1.5a): header exactly <c>{alg: ES256, kid, typ: JWT}</c>,
/// payload = the credential plus <c>iss</c>, <c>jti</c>, <c>sub</c>, <c>nbf</c> (and <c>exp</c> for validUntil), no
/// <c>vc</c> claim. Written on the BCL's ECDsa so that every header byte and every verification rule is ours to see.
/// </summary>
public static partial class VcJwt
{
    /// <summary>Larger input is rejected before any parsing.</summary>
    public const int MaxTokenLength = 64 * 1024;

    public const string Algorithm = "ES256";

    /// <summary>Tolerance for clocks between issuer and verifier when checking nbf/exp.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private static readonly string[] AllowedHeaderFields = ["alg", "kid", "typ"];
    private static readonly string[] JwtClaims = ["iss", "jti", "sub", "nbf", "exp", "vc"];
    private const int SignatureLength = 64; // P-256 r‖s (IEEE P1363)
    private const long MinUnixSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    // Duplicate names are refused: otherwise two parsers could read different values from one signed payload.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // ---------------------------------------------------------------- signing

    public static string Sign(JsonObject credential, IssuerSigningKey key) => Sign(credential, key.Kid, key.Key);

    public static string Sign(JsonObject credential, string kid, ECDsa key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kid);
        var header = new JsonObject { ["alg"] = Algorithm, ["kid"] = kid, ["typ"] = "JWT" };
        return SignCompact(header, WithJwtClaims(credential), key);
    }

    /// <summary>The JWT payload for a credential: a copy with iss/jti/sub/nbf (and exp) taken from the credential itself.</summary>
    public static JsonObject WithJwtClaims(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        foreach (var claim in JwtClaims)
        {
            if (credential.ContainsKey(claim))
            {
                throw new ArgumentException($"The credential already has a '{claim}' property; JWT claims are added by the signer.", nameof(credential));
            }
        }
        var id = Text(credential["id"]) ?? throw new ArgumentException("The credential has no id (needed for jti).", nameof(credential));
        var issuer = IssuerId(credential) ?? throw new ArgumentException("The credential has no issuer id (needed for iss).", nameof(credential));
        var subject = Text((credential["credentialSubject"] as JsonObject)?["id"])
            ?? throw new ArgumentException("The credential has no credentialSubject.id (OB 3.0 requires sub).", nameof(credential));
        var validFrom = ParseDateTimeZ(Text(credential["validFrom"]))
            ?? throw new ArgumentException("The credential has no valid validFrom (needed for nbf).", nameof(credential));

        var payload = (JsonObject)credential.DeepClone();
        payload["iss"] = issuer;
        payload["jti"] = id;
        payload["sub"] = subject;
        payload["nbf"] = validFrom.ToUnixTimeSeconds();
        if (credential.ContainsKey("validUntil"))
        {
            var validUntil = ParseDateTimeZ(Text(credential["validUntil"]))
                ?? throw new ArgumentException("The credential's validUntil is not a date-time with a zone.", nameof(credential));
            payload["exp"] = validUntil.ToUnixTimeSeconds();
        }
        return payload;
    }

    /// <summary>Signs any header and payload as they are. Public for tests that forge tokens; use <see cref="Sign(JsonObject, IssuerSigningKey)"/>.</summary>
    public static string SignCompact(JsonObject header, JsonObject payload, ECDsa key)
    {
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
                           Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    // ---------------------------------------------------------------- verification

    /// <summary>
    /// Verifies a VC-JWT against the issuer's keys (current and retired). Never throws on bad input: every problem
    /// becomes a failed check. Checks after a failed token/algorithm/header/key/signature check are not run.
    /// </summary>
    public static async Task<VcJwtVerification> VerifyAsync(
        string? jwt, IReadOnlyCollection<IssuerPublicKey> keys, CredentialStatusLookup? statusLookup, DateTimeOffset now, CancellationToken ct = default)
    {
        var checks = new List<VerificationCheck>();
        JsonObject? header = null;
        JsonObject? verified = null;
        try
        {
            (header, verified) = await VerifyCoreAsync(jwt, keys, statusLookup, now, checks, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // Defence in depth: a bug here must read as "not verified", never as a crash or a pass.
            checks.Add(Fail("internal", "The token could not be processed."));
        }
        var valid = verified is not null && checks.Count > 0 && checks.All(c => c.Passed) && checks.Any(c => c.Name == VerificationChecks.Status);
        var status = checks.FirstOrDefault(c => c.Name == VerificationChecks.Status);
        // Revoked or suspended only when every other check passed: a status bit on a broken credential means nothing.
        var outcome = valid ? CredentialOutcome.Valid
            : verified is not null && status is { Passed: false } && checks.Where(c => c != status).All(c => c.Passed)
                ? status.Detail.StartsWith(RevokedDetail, StringComparison.Ordinal) ? CredentialOutcome.Revoked
                : status.Detail.StartsWith(SuspendedDetail, StringComparison.Ordinal) ? CredentialOutcome.Suspended : CredentialOutcome.Invalid
            : CredentialOutcome.Invalid;
        return new VcJwtVerification(valid, checks, header, verified) { Outcome = outcome };
    }

    private static async Task<(JsonObject? Header, JsonObject? Credential)> VerifyCoreAsync(
        string? jwt, IReadOnlyCollection<IssuerPublicKey> keys, CredentialStatusLookup? statusLookup, DateTimeOffset now,
        List<VerificationCheck> checks, CancellationToken ct)
    {
        // 1. token
        if (!TryParseCompact(jwt, out var parts, out var problem))
        {
            checks.Add(Fail(VerificationChecks.Token, problem));
            return (null, null);
        }
        checks.Add(Pass(VerificationChecks.Token, "The token is a compact JWS: a JSON header, a JSON payload and a signature."));
        var (header, payload) = (parts.Header, parts.Payload);

        // 2. algorithm
        var alg = header["alg"];
        var algText = Text(alg);
        if (algText != Algorithm)
        {
            checks.Add(Fail(VerificationChecks.Algorithm, algText switch
            {
                null when alg is null => "The header has no alg. Only ES256 is accepted.",
                null => "The header's alg is not a string. Only ES256 is accepted.",
                _ when algText.Equals("none", StringComparison.OrdinalIgnoreCase) =>
                    "alg is 'none', which means the token is unsigned. Unsigned tokens are never accepted; only ES256 is.",
                _ => $"alg is '{Shorten(algText)}'. This issuer signs with ES256 only, so no other algorithm is accepted.",
            }));
            return (header, null);
        }
        checks.Add(Pass(VerificationChecks.Algorithm, "alg is ES256 (ECDSA with P-256 and SHA-256)."));

        // 3. header
        var extra = header.Select(p => p.Key).Where(k => !AllowedHeaderFields.Contains(k, StringComparer.Ordinal)).ToList();
        var typ = Text(header["typ"]);
        var kid = Text(header["kid"]);
        if (extra.Count > 0)
        {
            checks.Add(Fail(VerificationChecks.Header,
                $"The header has fields that Open Badges 3.0 does not allow: {Shorten(string.Join(", ", extra))}. Only alg, kid and typ may appear" +
                (extra.Contains("jwk") ? " (a key embedded in the token is never trusted)." : ".")));
            return (header, null);
        }
        if (typ != "JWT")
        {
            checks.Add(Fail(VerificationChecks.Header, typ is null
                ? "The header has no typ. Credentials from this issuer always carry typ 'JWT'."
                : $"typ is '{Shorten(typ)}', but Open Badges 3.0 requires 'JWT'."));
            return (header, null);
        }
        if (string.IsNullOrEmpty(kid))
        {
            checks.Add(Fail(VerificationChecks.Header, "The header has no kid, so the signing key cannot be found."));
            return (header, null);
        }
        checks.Add(Pass(VerificationChecks.Header, "The header holds exactly alg, kid and typ 'JWT'."));

        // 4. key
        var key = keys.FirstOrDefault(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));
        if (key is null)
        {
            checks.Add(Fail(VerificationChecks.Key, $"The key '{Shorten(kid)}' is not one of this issuer's published keys."));
            return (header, null);
        }
        checks.Add(Pass(VerificationChecks.Key, key.IsRetired
            ? $"The token names the issuer key {key.Thumbprint}, retired on {key.RetiredAt:yyyy-MM-dd}; retired keys still verify what they signed."
            : $"The token names the issuer's current key {key.Thumbprint}."));

        // 5. signature
        if (!VerifySignature(parts, key))
        {
            checks.Add(Fail(VerificationChecks.Signature,
                "The signature does not match the header and payload under this key: the token was changed after signing, or signed with another key."));
            return (header, null);
        }
        checks.Add(Pass(VerificationChecks.Signature, "The ES256 signature is valid: the content is exactly what the issuer signed."));

        // 6–9: the signed content. All of these run, so the result lists every problem at once.
        checks.Add(CheckCredential(payload));
        checks.Add(CheckClaims(payload, kid));
        checks.Add(CheckValidityPeriod(payload, key, now));
        checks.Add(await CheckStatusAsync(payload, statusLookup, ct));
        return (header, payload);
    }

    private sealed record CompactParts(string SigningInput, JsonObject Header, JsonObject Payload, byte[] Signature);

    private static bool TryParseCompact(string? jwt, out CompactParts parts, out string problem)
    {
        parts = null!;
        problem = "";
        var token = jwt?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            problem = "No token was given.";
            return false;
        }
        if (token.Length > MaxTokenLength)
        {
            problem = $"The token is {token.Length:N0} characters long; at most {MaxTokenLength:N0} are accepted.";
            return false;
        }
        var segments = token.Split('.');
        if (segments.Length == 5)
        {
            problem = "This is an encrypted token (JWE); only signed compact tokens (JWS) are accepted.";
            return false;
        }
        if (segments.Length != 3)
        {
            problem = "A compact JWS has three parts separated by dots (header.payload.signature); this input has " +
                      $"{segments.Length} part{(segments.Length == 1 ? "" : "s")}.";
            return false;
        }
        if (segments[0].Length == 0 || segments[1].Length == 0)
        {
            problem = "The header or the payload part is empty.";
            return false;
        }
        if (!segments.All(IsBase64Url))
        {
            problem = "A part of the token is not base64url (only A–Z, a–z, 0–9, '-' and '_', without padding).";
            return false;
        }
        var header = ParseObject(segments[0]);
        if (header is null)
        {
            problem = "The header is not a JSON object (or repeats a field name).";
            return false;
        }
        var payload = ParseObject(segments[1]);
        if (payload is null)
        {
            problem = "The payload is not a JSON object (or repeats a field name).";
            return false;
        }
        parts = new CompactParts(segments[0] + "." + segments[1], header, payload, Base64Url.DecodeFromChars(segments[2]));
        return true;
    }

    // IsValid also refuses a last character with stray low bits, which DecodeFromChars would throw on.
    private static bool IsBase64Url(string segment) =>
        segment.Length % 4 != 1 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_') && Base64Url.IsValid(segment);

    private static JsonObject? ParseObject(string segment)
    {
        try
        {
            var text = StrictUtf8.GetString(Base64Url.DecodeFromChars(segment));
            return JsonNode.Parse(text, NodeOptions, ParseOptions) as JsonObject;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static bool VerifySignature(CompactParts parts, IssuerPublicKey key)
    {
        if (parts.Signature.Length != SignatureLength)
        {
            return false;
        }
        try
        {
            using var ec = ECDsa.Create(key.Parameters);
            return ec.VerifyData(Encoding.ASCII.GetBytes(parts.SigningInput), parts.Signature, HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static VerificationCheck CheckCredential(JsonObject payload)
    {
        var problems = new List<string>();
        var contexts = payload["@context"] as JsonArray;
        if (contexts is null || contexts.Count == 0 || Text(contexts[0]) != OpenBadgeBuilder.VcContext)
        {
            problems.Add($"@context must be a list starting with {OpenBadgeBuilder.VcContext}");
        }
        var types = Types(payload["type"]);
        if (!types.Contains("VerifiableCredential"))
        {
            problems.Add("type does not include VerifiableCredential");
        }
        if (Text(payload["id"]) is null)
        {
            problems.Add("there is no id");
        }
        if (IssuerId(payload) is null)
        {
            problems.Add("there is no issuer id");
        }
        if (ParseDateTimeZ(Text(payload["validFrom"])) is null)
        {
            problems.Add("validFrom is missing or is not a date-time with a time zone");
        }
        if (payload.ContainsKey("validUntil") && ParseDateTimeZ(Text(payload["validUntil"])) is null)
        {
            problems.Add("validUntil is not a date-time with a time zone");
        }
        var subject = payload["credentialSubject"] as JsonObject;
        if (subject is null)
        {
            problems.Add("credentialSubject is missing");
        }
        var isOpenBadge = types.Contains("OpenBadgeCredential") || types.Contains("AchievementCredential");
        if (isOpenBadge)
        {
            if (contexts is null || contexts.Count < 2 || Text(contexts[1]) is not { } ob || !OpenBadgeContext().IsMatch(ob))
            {
                problems.Add("the second @context must be the Open Badges 3.0 context");
            }
            if (subject is not null)
            {
                if (!Types(subject["type"]).Contains("AchievementSubject"))
                {
                    problems.Add("credentialSubject.type does not include AchievementSubject");
                }
                if (subject["achievement"] is not JsonObject)
                {
                    problems.Add("credentialSubject.achievement is missing");
                }
                if (Text(subject["id"]) is null && subject["identifier"] is not JsonArray { Count: > 0 })
                {
                    problems.Add("credentialSubject has neither an id nor an identifier");
                }
            }
        }
        return problems.Count == 0
            ? Pass(VerificationChecks.Credential, isOpenBadge
                ? "The payload is an Open Badges 3.0 credential on the VC Data Model 2.0."
                : "The payload is a credential on the VC Data Model 2.0.")
            : Fail(VerificationChecks.Credential, "The payload is not a well-formed credential: " + string.Join("; ", problems) + ".");
    }

    private static VerificationCheck CheckClaims(JsonObject payload, string kid)
    {
        var problems = new List<string>();
        var issuer = IssuerId(payload);
        if (payload.ContainsKey("vc"))
        {
            problems.Add("the payload has a 'vc' claim (the VC 1.1 form); Open Badges 3.0 puts the credential itself in the payload");
        }
        if (Text(payload["iss"]) is not { } iss || iss != issuer)
        {
            problems.Add("iss is not the credential's issuer id");
        }
        else if (!kid.StartsWith(iss + "/keys/", StringComparison.Ordinal))
        {
            problems.Add("the signing key does not belong to the issuer named in iss");
        }
        if (Text(payload["jti"]) is not { } jti || jti != Text(payload["id"]))
        {
            problems.Add("jti is not the credential's id");
        }
        var subjectId = Text((payload["credentialSubject"] as JsonObject)?["id"]);
        if (payload.ContainsKey("sub") || subjectId is not null)
        {
            if (Text(payload["sub"]) is not { } sub || sub != subjectId)
            {
                problems.Add("sub is not credentialSubject.id");
            }
        }
        var validFrom = ParseDateTimeZ(Text(payload["validFrom"]));
        var nbf = NumericDate(payload["nbf"]);
        if (nbf is null || validFrom is null || nbf != validFrom.Value.ToUnixTimeSeconds())
        {
            problems.Add("nbf is missing or is not validFrom");
        }
        var validUntil = ParseDateTimeZ(Text(payload["validUntil"]));
        var exp = NumericDate(payload["exp"]);
        if ((payload.ContainsKey("exp") || payload.ContainsKey("validUntil")) &&
            (exp is null || validUntil is null || exp != validUntil.Value.ToUnixTimeSeconds()))
        {
            problems.Add("exp and validUntil do not agree");
        }
        return problems.Count == 0
            ? Pass(VerificationChecks.Claims, "iss, jti, sub and nbf (and exp, if any) match the credential's issuer, id, subject and dates, and the key belongs to the issuer.")
            : Fail(VerificationChecks.Claims, "The JWT claims do not match the credential: " + string.Join("; ", problems) + ".");
    }

    private static VerificationCheck CheckValidityPeriod(JsonObject payload, IssuerPublicKey key, DateTimeOffset now)
    {
        var notBefore = NumericDate(payload["nbf"]) is { } nbf ? DateTimeOffset.FromUnixTimeSeconds(nbf) : ParseDateTimeZ(Text(payload["validFrom"]));
        var expires = NumericDate(payload["exp"]) is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : ParseDateTimeZ(Text(payload["validUntil"]));
        if (notBefore is null)
        {
            return Fail(VerificationChecks.ValidityPeriod, "The credential has no start of validity (nbf/validFrom).");
        }
        if (notBefore.Value > now + ClockSkew)
        {
            return Fail(VerificationChecks.ValidityPeriod, $"The credential is not valid yet: it becomes valid on {notBefore.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        }
        // now - skew, not expires + skew: an expiry in year 9999 must not overflow.
        if (expires is not null && now - ClockSkew >= expires.Value)
        {
            return Fail(VerificationChecks.ValidityPeriod, $"The credential expired on {expires.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        }
        if (key.RetiredAt is { } retired && notBefore.Value > retired + ClockSkew)
        {
            return Fail(VerificationChecks.ValidityPeriod,
                $"The credential claims to be valid from {notBefore.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC, after its signing key was retired " +
                $"({retired.UtcDateTime:yyyy-MM-dd HH:mm} UTC). The issuer never signs with a retired key.");
        }
        return Pass(VerificationChecks.ValidityPeriod, expires is null
            ? $"Valid since {notBefore.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC, with no expiry."
            : $"Valid from {notBefore.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC until {expires.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
    }

    private const string RevokedDetail = "The issuer has revoked this credential.";
    private const string SuspendedDetail = "The issuer has suspended this credential.";

    /// <summary>At most this many status entries are read (VC-DM 2.0 allows a list; ours has revocation and suspension).</summary>
    private const int MaxStatusEntries = 4;

    /// <summary>The well-formed BitstringStatusListEntry objects of a credential (one object or a list), for callers after verification.</summary>
    public static IReadOnlyList<StatusEntry> StatusEntries(JsonObject credential)
    {
        var nodes = credential["credentialStatus"] switch
        {
            JsonObject single => [single],
            JsonArray array => array.OfType<JsonObject>().Take(MaxStatusEntries).ToList(),
            _ => new List<JsonObject>(),
        };
        var entries = new List<StatusEntry>();
        foreach (var node in nodes)
        {
            if (ReadEntry(node, out var entry) is null)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    private static async Task<VerificationCheck> CheckStatusAsync(JsonObject payload, CredentialStatusLookup? statusLookup, CancellationToken ct)
    {
        if (!payload.TryGetPropertyValue("credentialStatus", out var statusNode) || statusNode is null)
        {
            return Pass(VerificationChecks.Status, "The credential has no status entry, so it cannot be revoked or suspended.");
        }
        List<JsonObject> nodes;
        if (statusNode is JsonObject single)
        {
            nodes = [single];
        }
        else if (statusNode is JsonArray { Count: > 0 and <= MaxStatusEntries } array && array.All(n => n is JsonObject))
        {
            nodes = array.Cast<JsonObject>().ToList();
        }
        else
        {
            return Fail(VerificationChecks.Status, $"credentialStatus must be one status entry object or a list of 1 to {MaxStatusEntries} of them.");
        }
        var entries = new List<StatusEntry>();
        foreach (var node in nodes)
        {
            if (ReadEntry(node, out var entry) is { } problem)
            {
                return Fail(VerificationChecks.Status, problem);
            }
            entries.Add(entry);
        }
        if (entries.GroupBy(e => e.Purpose).Any(g => g.Count() > 1))
        {
            return Fail(VerificationChecks.Status, "The credential has two status entries with the same purpose.");
        }
        if (statusLookup is null)
        {
            return Fail(VerificationChecks.Status, "The status list could not be consulted, so revocation is unknown.");
        }
        var results = new List<(StatusEntry Entry, StatusLookupResult Result)>();
        foreach (var entry in entries)
        {
            StatusLookupResult result;
            try
            {
                result = await statusLookup(entry, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception)
            {
                result = StatusLookupResult.Unknown("the status list could not be read");
            }
            results.Add((entry, result));
        }
        // Revocation outranks suspension: a revoked credential stays revoked whatever its suspension bit says.
        if (results.Any(r => r.Entry.Purpose == "revocation" && r.Result.State == StatusState.Set))
        {
            return Fail(VerificationChecks.Status, RevokedDetail);
        }
        if (results.FirstOrDefault(r => r.Result.State == StatusState.Unknown) is { Entry: not null } unknown)
        {
            return Fail(VerificationChecks.Status, $"{(unknown.Entry.Purpose == "revocation" ? "Revocation" : "Suspension")} status is unknown: " +
                $"{unknown.Result.Reason ?? "the status list could not be read"}.");
        }
        if (results.Any(r => r.Entry.Purpose == "suspension" && r.Result.State == StatusState.Set))
        {
            return Fail(VerificationChecks.Status, SuspendedDetail + " It may be reinstated; check again later.");
        }
        var purposes = results.Select(r => r.Entry.Purpose).ToList();
        return Pass(VerificationChecks.Status, purposes.Count == 2
            ? "The issuer's status lists show the credential is neither revoked nor suspended."
            : purposes[0] == "revocation"
                ? "The issuer's status list shows the credential is not revoked."
                : "The issuer's status list shows the credential is not suspended.");
    }

    /// <summary>Reads one BitstringStatusListEntry; returns why it cannot be used, or null.</summary>
    private static string? ReadEntry(JsonObject status, out StatusEntry entry)
    {
        entry = null!;
        var type = Text(status["type"]);
        var purpose = Text(status["statusPurpose"]);
        var listUrl = Text(status["statusListCredential"]);
        var indexText = Text(status["statusListIndex"]);
        if (type != "BitstringStatusListEntry")
        {
            return $"The status entry type '{Shorten(type ?? "(none)")}' is not supported; only BitstringStatusListEntry is.";
        }
        if (purpose is not ("revocation" or "suspension"))
        {
            return $"The status purpose '{Shorten(purpose ?? "(none)")}' is not supported; only revocation and suspension are.";
        }
        if (status.ContainsKey("statusSize") && !(status["statusSize"] is JsonValue size && size.TryGetValue<int>(out var bits) && bits == 1))
        {
            return "Only one-bit status entries are supported.";
        }
        if (listUrl is null || indexText is null || indexText.Length is 0 or > 9 || !indexText.All(char.IsAsciiDigit))
        {
            return "The status entry needs statusListCredential and a decimal statusListIndex string.";
        }
        if (Text(status["id"]) == listUrl)
        {
            return "The status entry's id must not be the status list URL itself.";
        }
        entry = new StatusEntry(listUrl, int.Parse(indexText, CultureInfo.InvariantCulture), purpose);
        return null;
    }

    // ---------------------------------------------------------------- JSON helpers

    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    internal static string? IssuerId(JsonObject credential) => credential["issuer"] switch
    {
        JsonObject profile => Text(profile["id"]),
        var node => Text(node),
    };

    private static HashSet<string> Types(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(Text).OfType<string>().ToHashSet(StringComparer.Ordinal),
        _ when Text(node) is { } single => [single],
        _ => [],
    };

    /// <summary>A JSON number as whole seconds (RFC 7519 NumericDate), or null.</summary>
    private static long? NumericDate(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        // Outside DateTimeOffset's range FromUnixTimeSeconds throws; such a date is as good as none.
        if (value.TryGetValue<long>(out var whole))
        {
            return whole is >= MinUnixSeconds and <= MaxUnixSeconds ? whole : null;
        }
        return value.TryGetValue<double>(out var real) && real is >= MinUnixSeconds and <= MaxUnixSeconds ? (long)Math.Floor(real) : null;
    }

    /// <summary>An XML Schema dateTime that states its zone (DateTimeZ), e.g. 2026-03-14T18:05:00Z.</summary>
    internal static DateTimeOffset? ParseDateTimeZ(string? text) =>
        text is not null && text.Length <= 40 && DateTimeZ().IsMatch(text) &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : null;

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private static VerificationCheck Pass(string name, string detail) => new(name, true, detail);

    private static VerificationCheck Fail(string name, string detail) => new(name, false, detail);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeZ();

    [GeneratedRegex(@"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex OpenBadgeContext();
}
