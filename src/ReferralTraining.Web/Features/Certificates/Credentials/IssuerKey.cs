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

internal sealed class IssuerKeyConfiguration : IEntityTypeConfiguration<IssuerKey>
{
    public void Configure(EntityTypeBuilder<IssuerKey> b)
    {
        b.ToTable("issuer_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Id).HasMaxLength(64);
        b.Property(k => k.PublicJwk).HasMaxLength(1000).IsRequired();
        b.Property(k => k.ProtectedPrivateKey).IsRequired();
        // At most one current key: every row in this partial index has RetiredAt NULL, and NULLS NOT DISTINCT
        // (PostgreSQL 15+) makes those NULLs collide, so two requests racing to create a key cannot both win.
        b.HasIndex(k => k.RetiredAt)
            .IsUnique()
            .AreNullsDistinct(false)
            .HasFilter("\"RetiredAt\" IS NULL")
            .HasDatabaseName("IX_issuer_keys_one_current");
    }
}
