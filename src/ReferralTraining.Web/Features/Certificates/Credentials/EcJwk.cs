using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>P-256 public keys as JWKs (RFC 7517/7518) and their RFC 7638 thumbprints.</summary>
public static class EcJwk
{
    private const int CoordinateLength = 32;

    /// <summary><c>{kty, crv, x, y}</c> of a P-256 public key; any private part of <paramref name="parameters"/> is ignored.</summary>
    public static JsonObject PublicMembers(ECParameters parameters)
    {
        EnsureP256(parameters);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url.EncodeToString(parameters.Q.X),
            ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
        };
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexicographic order with no whitespace, base64url.</summary>
    public static string Thumbprint(ECParameters parameters)
    {
        EnsureP256(parameters);
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.EncodeToString(parameters.Q.X)}\",\"y\":\"{Base64Url.EncodeToString(parameters.Q.Y)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Reads a stored public JWK; false for anything but a well-formed P-256 point.</summary>
    public static bool TryReadPublic(JsonObject jwk, out ECParameters parameters)
    {
        parameters = default;
        if (Text(jwk, "kty") != "EC" || Text(jwk, "crv") != "P-256" || jwk.ContainsKey("d"))
        {
            return false;
        }
        if (!TryDecodeCoordinate(Text(jwk, "x"), out var x) || !TryDecodeCoordinate(Text(jwk, "y"), out var y))
        {
            return false;
        }
        parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } };
        try
        {
            // Rejects points that are not on the curve.
            using var probe = ECDsa.Create(parameters);
            return true;
        }
        catch (CryptographicException)
        {
            parameters = default;
            return false;
        }
    }

    /// <summary>Thumbprints are 43 base64url characters (SHA-256); anything else cannot name one of our keys.</summary>
    public static bool LooksLikeThumbprint(string? value) =>
        value is { Length: 43 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');

    private static bool TryDecodeCoordinate(string? value, out byte[] bytes)
    {
        bytes = [];
        if (value is null || value.Length != 43 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
        {
            return false;
        }
        bytes = Base64Url.DecodeFromChars(value);
        return bytes.Length == CoordinateLength;
    }

    private static string? Text(JsonObject jwk, string name) =>
        jwk.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void EnsureP256(ECParameters parameters)
    {
        if (parameters.Q.X is not { Length: CoordinateLength } || parameters.Q.Y is not { Length: CoordinateLength })
        {
            throw new ArgumentException("Only P-256 keys are used for ES256.", nameof(parameters));
        }
    }
}
