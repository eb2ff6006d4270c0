using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

internal sealed class ConsentConfiguration :
    IEntityTypeConfiguration<ShareConsent>, IEntityTypeConfiguration<ReportingConsent>, IEntityTypeConfiguration<ReportingProfile>,
    IEntityTypeConfiguration<ReportingExport>, IEntityTypeConfiguration<ReportingExportRow>
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

    public void Configure(EntityTypeBuilder<ReportingExport> b)
    {
        b.ToTable("reporting_exports");
        b.Property(e => e.Target).HasMaxLength(20).IsRequired();
        b.Property(e => e.FileName).HasMaxLength(200).IsRequired();
        b.Property(e => e.ContentType).HasMaxLength(100).IsRequired();
        b.Property(e => e.Skipped).HasJsonObjectConversion();
        b.HasIndex(e => new { e.Target, e.CreatedAt });
        // CreatedByUserId is a record of who it was, not a link: an audit row must not block removing an account.
    }

    public void Configure(EntityTypeBuilder<ReportingExportRow> b)
    {
        b.ToTable("reporting_export_rows");
        b.Property(r => r.Target).HasMaxLength(20).IsRequired();
        b.Property(r => r.RowKey).HasMaxLength(300).IsRequired();
        b.Property(r => r.LicenseState).HasMaxLength(2);
        b.Property(r => r.LicenseNumber).HasMaxLength(100);
        // "Already reported?" looks a key up per target.
        b.HasIndex(r => new { r.Target, r.RowKey });
        b.HasIndex(r => new { r.ExportId, r.RowKey }).IsUnique();
        b.HasIndex(r => r.CertificateId);
        b.HasOne<ReportingExport>().WithMany().HasForeignKey(r => r.ExportId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Certificates.Certificate>().WithMany().HasForeignKey(r => r.CertificateId).OnDelete(DeleteBehavior.Restrict);
    }
}
