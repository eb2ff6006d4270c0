using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.Sso;

internal sealed class SsoEntitiesConfiguration : IEntityTypeConfiguration<SsoConnection>, IEntityTypeConfiguration<SsoDomain>, IEntityTypeConfiguration<SsoLink>
{
    public void Configure(EntityTypeBuilder<SsoConnection> b)
    {
        b.ToTable("sso_connections");
        b.HasKey(c => c.OrganizationId);
        b.Property(c => c.Issuer).HasMaxLength(SsoDirectory.MaxIssuer).IsRequired();
        b.Property(c => c.ClientId).HasMaxLength(200).IsRequired();
        b.Property(c => c.ProtectedClientSecret).HasMaxLength(4000).IsRequired();
        b.Property(c => c.MfaAcr).HasMaxLength(200);
        b.HasOne<Organization>().WithOne().HasForeignKey<SsoConnection>(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<JobRole>().WithMany().HasForeignKey(c => c.DefaultJobRoleId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(c => c.Domains).WithOne().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SsoDomain> b)
    {
        b.ToTable("sso_domains");
        b.HasKey(d => d.Domain);
        b.Property(d => d.Domain).HasMaxLength(253);
    }

    public void Configure(EntityTypeBuilder<SsoLink> b)
    {
        b.ToTable("sso_links");
        b.HasKey(l => new { l.Issuer, l.Subject });
        b.Property(l => l.Issuer).HasMaxLength(SsoDirectory.MaxIssuer);
        b.Property(l => l.Subject).HasMaxLength(255);
        b.HasIndex(l => l.UserId);
        b.HasIndex(l => l.OrganizationId);
        b.HasOne<ReferralTraining.Web.Features.Accounts.AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
