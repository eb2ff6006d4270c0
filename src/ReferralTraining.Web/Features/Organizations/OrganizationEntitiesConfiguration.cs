using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Organizations;

internal sealed class OrganizationEntitiesConfiguration :
    IEntityTypeConfiguration<Organization>, IEntityTypeConfiguration<OrganizationMember>, IEntityTypeConfiguration<Team>,
    IEntityTypeConfiguration<JobRole>, IEntityTypeConfiguration<Invitation>, IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.Property(o => o.Name).HasMaxLength(200).IsRequired();
        b.HasIndex(o => o.Name).IsUnique();
    }

    public void Configure(EntityTypeBuilder<OrganizationMember> b)
    {
        b.ToTable("organization_members");
        b.HasKey(m => new { m.OrganizationId, m.UserId });
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.ExternalId).HasMaxLength(100);
        b.HasIndex(m => new { m.OrganizationId, m.ExternalId }).IsUnique().HasFilter("\"ExternalId\" IS NOT NULL");
        b.HasIndex(m => m.UserId);
        b.HasIndex(m => new { m.OrganizationId, m.TeamId });
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<JobRole>().WithMany().HasForeignKey(m => m.JobRoleId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.ToTable("teams");
        b.Property(t => t.Name).HasMaxLength(100).IsRequired();
        b.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<JobRole> b)
    {
        b.ToTable("job_roles");
        b.Property(t => t.Name).HasMaxLength(100).IsRequired();
        b.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("invitations");
        b.Property(i => i.Email).HasMaxLength(256).IsRequired();
        b.Property(i => i.NormalizedEmail).HasMaxLength(256).IsRequired();
        b.Property(i => i.Role).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => new { i.OrganizationId, i.NormalizedEmail });
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Assignment> b)
    {
        b.ToTable("assignments");
        b.Property(a => a.CourseId).HasMaxLength(80).IsRequired();
        b.Property(a => a.Target).HasConversion<string>().HasMaxLength(20);
        // One assignment per course and target: duplicates are refused by the database too.
        b.HasIndex(a => new { a.OrganizationId, a.CourseId, a.Target, a.UserId, a.TeamId, a.JobRoleId }).IsUnique().AreNullsDistinct(false);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Course>().WithMany().HasForeignKey(a => a.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Team>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<JobRole>().WithMany().HasForeignKey(a => a.JobRoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
