using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// Recognises what was pasted into the JWT check before the strict checks run, so that a well-formed credential from another
/// issuer, or a credential in JSON form, is named for what it is instead of being refused for a detail (an algorithm or a
/// header field we never use). Nothing here is trusted: the issuer named is what the credential claims, unverified.
/// </summary>
public static class ForeignCredentials
{
    public const string ForeignIssuer = "foreign-issuer";
    public const string JsonCredential = "json-credential";

    /// <summary>What the input is, when it is not one of ours to verify as a VC-JWT; <see cref="Jwt"/> when it wraps one.</summary>
    public sealed record Recognition(string? Status, string? Detail, string? IssuerId, string? IssuerName, string? Jwt = null);

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    /// <returns>null when the input should go through the VC-JWT checks as it is.</returns>
    public static Recognition? Recognize(string input, CredentialsOptions options)
    {
        var text = input.Trim();
        if (text.StartsWith('{'))
        {
            return RecognizeJson(text, options);
        }
        var parts = text.Split('.');
        if (parts.Length != 3 || Decode(parts[0]) is not { } header || Decode(parts[1]) is not { } payload)
        {
            return null;
        }
        // VC-JWT (OB 3.0 / VC-JOSE): the credential is the payload; VC 1.1 JWTs put it under "vc".
        var credential = payload["vc"] as JsonObject ?? payload;
        var issuerId = VcJwt.IssuerId(credential) ?? VcJwt.Text(payload["iss"]);
        if (issuerId is null || issuerId == options.IssuerId || !LooksLikeCredential(credential))
        {
            return null;
        }
        var name = IssuerName(credential);
        var alg = VcJwt.Text(header["alg"]);
        return new Recognition(ForeignIssuer,
            $"This is a well-formed VC-JWT{(alg is null ? "" : $" (signed with {Shorten(alg)})")} issued by {Describe(issuerId, name)}. " +
            $"This service verifies credentials issued here ({options.IssuerName}, {options.IssuerId}), so it neither checks nor vouches " +
            "for this one: ask its issuer, or use a verifier that trusts that issuer. Its content was not checked.",
            issuerId, name);
    }

    private static Recognition RecognizeJson(string text, CredentialsOptions options)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(text, documentOptions: ParseOptions) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }
        if (json is null)
        {
            return new Recognition(null, "The input starts like JSON but is not a JSON object. Paste a VC-JWT (three base64url parts " +
                "separated by dots), or the Open Badge JSON file downloaded from a certificate.", null, null);
        }
        // Our own wallet file ({credential, jwt}): its jwt is what to verify.
        if (json["jwt"] is JsonValue jwtValue && jwtValue.TryGetValue<string>(out var wrapped))
        {
            return new Recognition(null, null, null, null, wrapped);
        }
        if (!LooksLikeCredential(json))
        {
            return new Recognition(null, "The JSON is not a verifiable credential (it has no @context and no VerifiableCredential type). " +
                "Paste a VC-JWT, or the Open Badge JSON file downloaded from a certificate.", null, null);
        }
        var issuerId = VcJwt.IssuerId(json);
        var name = IssuerName(json);
        var proof = json["proof"] switch
        {
            JsonObject p => VcJwt.Text(p["cryptosuite"]) ?? VcJwt.Text(p["type"]),
            JsonArray { Count: > 0 } list when list[0] is JsonObject p => VcJwt.Text(p["cryptosuite"]) ?? VcJwt.Text(p["type"]),
            _ => null,
        };
        var how = proof is null ? "with no embedded proof" : $"secured by an embedded proof ({Shorten(proof)})";
        var ours = issuerId == options.IssuerId;
        return new Recognition(ours ? JsonCredential : issuerId is null ? JsonCredential : ForeignIssuer,
            $"This is a credential in JSON form (not a VC-JWT), {how}, issued by {(issuerId is null ? "an issuer it does not name" : Describe(issuerId, name))}. " +
            (ours
                ? "This service secures its credentials as VC-JWTs: verify the .jwt file, or the Open Badge JSON file whose \"jwt\" member holds it."
                : $"This service verifies credentials issued here ({options.IssuerName}, {options.IssuerId}), so it neither checks nor vouches for this one."),
            issuerId, name);
    }

    private static bool LooksLikeCredential(JsonObject json) =>
        json.ContainsKey("@context") && json["type"] switch
        {
            JsonArray types => types.Any(t => VcJwt.Text(t) is "VerifiableCredential"),
            var single => VcJwt.Text(single) is "VerifiableCredential",
        };

    private static string? IssuerName(JsonObject credential) => (credential["issuer"] as JsonObject)?["name"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var name) => name,
        _ => null,
    };

    private static string Describe(string issuerId, string? name) =>
        name is null ? Shorten(issuerId) : $"{Shorten(name)} ({Shorten(issuerId)})";

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private static JsonObject? Decode(string segment)
    {
        if (segment.Length == 0 || segment.Length % 4 == 1 || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(segment)), documentOptions: ParseOptions) as JsonObject;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
