using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>The course evaluation every accreditor asks for before credit is awarded.</summary>
public sealed class CourseEvaluation
{
    public Guid EnrollmentId { get; set; }
    /// <summary>1 (not relevant) … 5 (very relevant) to the learner's practice.</summary>
    public int Relevance { get; set; }
    /// <summary>Was the content balanced and free of commercial bias?</summary>
    public bool FreeOfBias { get; set; }
    /// <summary>1 (not met) … 5 (fully met): were the stated objectives met?</summary>
    public int ObjectivesMet { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}

/// <summary>What the credit is for: the course itself, or completing its practice-change follow-up.</summary>
public enum CreditKind { Course = 0, PracticeImprovement = 1 }

/// <summary>A learner's attested claim for one credit type of one enrolment.</summary>
public sealed class CreditClaim
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public Guid CourseVersionId { get; set; }
    public string CreditTypeId { get; set; } = "";
    public CreditKind Kind { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset AttestedAt { get; set; }
}

/// <summary>The credit actually awarded. Unique per enrolment and credit type: retries cannot double it.</summary>
public sealed class CreditAward
{
    public Guid Id { get; set; }
    public Guid ClaimId { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public Guid CourseVersionId { get; set; }
    public string ContentHash { get; set; } = "";
    public string CreditTypeId { get; set; } = "";
    public CreditKind Kind { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset AwardedAt { get; set; }
}

public enum CertificateStatus { Active, Suspended, Revoked }

public sealed class Certificate
{
    public Guid Id { get; set; }
    public Guid AwardId { get; set; }
    public Guid UserId { get; set; }
    public string VerificationCode { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>Which revocation status list (1, 2, …) holds this certificate's bit (<see cref="StatusListAllocator"/>).</summary>
    public int StatusList { get; set; } = 1;
    /// <summary>Index in that list, in random order (no information about issue order).</summary>
    public int StatusListIndex { get; set; }
    public CertificateStatus Status { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }
    public string? StatusReason { get; set; }
    /// <summary>Everything the certificate says, frozen at issue time.</summary>
    public CertificateDocument Document { get; set; } = default!;
    /// <summary>The signed Open Badges 3.0 credential (VC-JWT), when signing is configured.</summary>
    public string? CredentialJwt { get; set; }
}

/// <summary>Audit log of status changes: nothing about a certificate is ever deleted.</summary>
public sealed class CertificateStatusEvent
{
    public long Id { get; set; }
    public Guid CertificateId { get; set; }
    public CertificateStatus From { get; set; }
    public CertificateStatus To { get; set; }
    public string Reason { get; set; } = "";
    public Guid ActorUserId { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class CertificateEntitiesConfiguration :
    IEntityTypeConfiguration<CourseEvaluation>, IEntityTypeConfiguration<CreditClaim>, IEntityTypeConfiguration<CreditAward>,
    IEntityTypeConfiguration<Certificate>, IEntityTypeConfiguration<CertificateStatusEvent>, IEntityTypeConfiguration<StatusListSlot>
{
    public void Configure(EntityTypeBuilder<StatusListSlot> b)
    {
        b.ToTable("status_list_slots");
        b.HasKey(s => s.Position);
        b.Property(s => s.Position).ValueGeneratedNever();
        b.HasIndex(s => new { s.List, s.Index }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<CourseEvaluation> b)
    {
        b.ToTable("course_evaluations");
        b.HasKey(e => e.EnrollmentId);
        b.Property(e => e.Comment).HasMaxLength(2000);
        b.HasOne<Enrollment>().WithOne().HasForeignKey<CourseEvaluation>(e => e.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CreditClaim> b)
    {
        b.ToTable("credit_claims");
        b.Property(c => c.CreditTypeId).HasMaxLength(40).IsRequired();
        b.Property(c => c.Amount).HasPrecision(6, 2);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        b.HasIndex(c => new { c.EnrollmentId, c.CreditTypeId, c.Kind }).IsUnique();
        // One practice-improvement claim per enrolment, whatever type it is in.
        b.HasIndex(c => c.EnrollmentId).IsUnique().HasFilter("\"Kind\" = 'PracticeImprovement'").HasDatabaseName("IX_credit_claims_one_practice_claim");
        b.HasIndex(c => c.UserId);
        b.HasOne<Enrollment>().WithMany().HasForeignKey(c => c.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CreditAward> b)
    {
        b.ToTable("credit_awards");
        b.Property(a => a.CreditTypeId).HasMaxLength(40).IsRequired();
        b.Property(a => a.ContentHash).HasMaxLength(64).IsRequired();
        b.Property(a => a.Amount).HasPrecision(6, 2);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        // Exactly one award per enrolment, credit type and kind, whatever retries or crashes happen.
        b.HasIndex(a => new { a.EnrollmentId, a.CreditTypeId, a.Kind }).IsUnique();
        b.HasIndex(a => a.ClaimId).IsUnique();
        b.HasIndex(a => new { a.UserId, a.AwardedAt });
        b.HasOne<CreditClaim>().WithMany().HasForeignKey(a => a.ClaimId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CourseVersion>().WithMany().HasForeignKey(a => a.CourseVersionId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Certificate> b)
    {
        b.ToTable("certificates");
        b.Property(c => c.VerificationCode).HasMaxLength(24).IsRequired();
        b.HasIndex(c => c.VerificationCode).IsUnique();
        b.HasIndex(c => c.AwardId).IsUnique();
        b.HasIndex(c => new { c.StatusList, c.StatusListIndex }).IsUnique();
        b.HasIndex(c => c.UserId);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.StatusReason).HasMaxLength(500);
        b.Property(c => c.Document).HasJsonObjectConversion();
        b.HasOne<CreditAward>().WithOne().HasForeignKey<Certificate>(c => c.AwardId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CertificateStatusEvent> b)
    {
        b.ToTable("certificate_status_events");
        b.Property(e => e.From).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.To).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Reason).HasMaxLength(500).IsRequired();
        b.HasIndex(e => e.CertificateId);
        b.HasOne<Certificate>().WithMany().HasForeignKey(e => e.CertificateId).OnDelete(DeleteBehavior.Restrict);
    }
}
