using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Organizations;

public enum OrganizationRole { Director = 1, Staff = 2 }

/// <summary>A treatment program, clinic or hospital unit whose director trains its staff.</summary>
public sealed class Organization
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A person's membership of one organization. A clinician may belong to several.</summary>
public sealed class OrganizationMember
{
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public OrganizationRole Role { get; set; }
    public Guid? TeamId { get; set; }
    public Guid? JobRoleId { get; set; }
    /// <summary>Identifier in the program's HR system, for idempotent sync.</summary>
    public string? ExternalId { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
}

/// <summary>A group inside an organization, e.g. "Outpatient" or "Detox unit".</summary>
public sealed class Team
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>A job role inside an organization, e.g. "Counselor" or "Nurse".</summary>
public sealed class JobRole
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>An e-mailed invitation. Only the SHA-256 of the token is stored; single use, expiring.</summary>
public sealed class Invitation
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public OrganizationRole Role { get; set; }
    public Guid? TeamId { get; set; }
    public Guid? JobRoleId { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedUserId { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? InvitedByUserId { get; set; }
}

public enum AssignmentTarget { Person = 1, Team = 2, JobRole = 3 }

/// <summary>A course a director assigned to a person, a team or a job role, due by a date.</summary>
public sealed class Assignment
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string CourseId { get; set; } = "";
    public AssignmentTarget Target { get; set; }
    public Guid? UserId { get; set; }
    public Guid? TeamId { get; set; }
    public Guid? JobRoleId { get; set; }
    public DateOnly DueDate { get; set; }
    /// <summary>Due again this many months after each completion; null for once.</summary>
    public int? RecurrenceMonths { get; set; }
    /// <summary>People who join the team or job role later are assigned too.</summary>
    public bool IncludeLaterMembers { get; set; }
    /// <summary>A completion made before the assignment satisfies it.</summary>
    public bool AllowPriorCompletion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedByUserId { get; set; }
}

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
