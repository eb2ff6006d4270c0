using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

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
