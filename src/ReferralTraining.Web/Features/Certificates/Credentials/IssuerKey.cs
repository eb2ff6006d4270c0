using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// An ES256 (P-256) signing key of the issuer. Retired keys are kept for ever: their public halves stay published
/// so that credentials signed before a rotation still verify.
/// </summary>
public sealed class IssuerKey
{
    /// <summary>RFC 7638 JWK thumbprint (base64url SHA-256), the last segment of the key's <c>kid</c> URL.</summary>
    public string Id { get; set; } = "";

    /// <summary>The public JWK <c>{kty, crv, x, y}</c> as JSON; never holds <c>d</c>.</summary>
    public string PublicJwk { get; set; } = "";

    /// <summary>PKCS#8 private key protected with ASP.NET Core Data Protection (purpose <see cref="IssuerKeyStore.ProtectorPurpose"/>).</summary>
    public byte[] ProtectedPrivateKey { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null for the one current key.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
