using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.Scorm;

internal sealed class ScormEntitiesConfiguration :
    IEntityTypeConfiguration<ScormPackageKey>, IEntityTypeConfiguration<ScormLearner>, IEntityTypeConfiguration<ScormLmsOrigin>,
    IEntityTypeConfiguration<ScormLaunchNonce>
{
    public void Configure(EntityTypeBuilder<ScormPackageKey> b)
    {
        b.ToTable("scorm_package_keys");
        b.Property(k => k.ProtectedSecret).HasMaxLength(1000).IsRequired();
        b.HasIndex(k => k.OrganizationId);
        b.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ScormLearner> b)
    {
        b.ToTable("scorm_learners");
        // One account per (organization, LMS learner id): the key that makes a second launch find the first one's account.
        b.HasKey(l => new { l.OrganizationId, l.LmsLearnerId });
        b.Property(l => l.LmsLearnerId).HasMaxLength(ScormLaunchSigner.MaxLearnerIdLength);
        b.HasIndex(l => l.UserId).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ScormLmsOrigin> b)
    {
        b.ToTable("scorm_lms_origins");
        b.HasKey(o => new { o.OrganizationId, o.Origin });
        b.Property(o => o.Origin).HasMaxLength(ScormOrigins.MaxLength);
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ScormLaunchNonce> b)
    {
        b.ToTable("scorm_launch_nonces");
        b.HasKey(n => n.Nonce);
        b.Property(n => n.Nonce).HasMaxLength(64);
        b.HasIndex(n => n.UsedAt);
    }
}
