using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

internal sealed class ConsentConfiguration :
    IEntityTypeConfiguration<ShareConsent>, IEntityTypeConfiguration<ReportingConsent>, IEntityTypeConfiguration<ReportingProfile>
{
    public void Configure(EntityTypeBuilder<ShareConsent> b)
    {
        b.ToTable("share_consents");
        // At most one active consent per clinician and body, even under concurrent posts.
        b.HasIndex(c => new { c.UserId, c.BodyUserId }).IsUnique().HasFilter("\"WithdrawnAt\" IS NULL");
        b.HasIndex(c => c.BodyUserId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.BodyUserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ReportingConsent> b)
    {
        b.ToTable("reporting_consents");
        b.Property(c => c.Target).HasMaxLength(20).IsRequired();
        b.HasIndex(c => new { c.UserId, c.Target }).IsUnique().HasFilter("\"WithdrawnAt\" IS NULL");
        b.HasIndex(c => c.Target);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ReportingProfile> b)
    {
        b.ToTable("reporting_profiles");
        b.HasKey(p => p.UserId);
        b.Property(p => p.BirthMonthDay).HasMaxLength(4).IsFixedLength();
        b.Property(p => p.Npi).HasMaxLength(10).IsFixedLength();
        b.HasOne<AppUser>().WithOne().HasForeignKey<ReportingProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
