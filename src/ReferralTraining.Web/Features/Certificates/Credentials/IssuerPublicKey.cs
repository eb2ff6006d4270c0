using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>A public issuer key as verifiers see it: the absolute <c>kid</c>, the public point and when it was in use.</summary>
public sealed record IssuerPublicKey(string Kid, string Thumbprint, ECParameters Parameters, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt)
{
    public bool IsRetired => RetiredAt is not null;

    /// <summary>The JWK published at the <c>kid</c> URL and in the JWKS. Built from the public point only, so it cannot hold <c>d</c>.</summary>
    public JsonObject ToJwk()
    {
        var jwk = EcJwk.PublicMembers(Parameters);
        jwk["kid"] = Kid;
        jwk["alg"] = "ES256";
        jwk["use"] = "sig";
        return jwk;
    }

    public static IssuerPublicKey FromKey(ECDsa key, Func<string, string> kidForThumbprint, DateTimeOffset createdAt, DateTimeOffset? retiredAt = null)
    {
        var parameters = key.ExportParameters(false);
        var thumbprint = EcJwk.Thumbprint(parameters);
        return new IssuerPublicKey(kidForThumbprint(thumbprint), thumbprint, parameters, createdAt, retiredAt);
    }
}
