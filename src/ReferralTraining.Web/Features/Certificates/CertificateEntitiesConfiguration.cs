using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Certificates;

internal sealed class CertificateEntitiesConfiguration :
    IEntityTypeConfiguration<CourseEvaluation>, IEntityTypeConfiguration<EvaluationObjectiveRating>, IEntityTypeConfiguration<CreditClaim>, IEntityTypeConfiguration<CreditAward>,
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
        b.Property(e => e.Intent).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.IntendedChange).HasMaxLength(500);
    }

    public void Configure(EntityTypeBuilder<EvaluationObjectiveRating> b)
    {
        b.ToTable("evaluation_objective_ratings");
        b.HasKey(r => new { r.EnrollmentId, r.ObjectiveId });
        b.Property(r => r.ObjectiveId).HasMaxLength(80);
        b.Property(r => r.Met).HasConversion<string>().HasMaxLength(10);
        b.HasOne<CourseEvaluation>().WithMany().HasForeignKey(r => r.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CreditClaim> b)
    {
        b.ToTable("credit_claims");
        b.Property(c => c.CreditTypeId).HasMaxLength(40).IsRequired();
        b.Property(c => c.Amount).HasPrecision(6, 2);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        b.HasIndex(c => new { c.EnrollmentId, c.CreditTypeId, c.Kind }).IsUnique();
        // One practice-improvement claim per enrollment, whatever type it is in.
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
        // Exactly one award per enrollment, credit type and kind, whatever retries or crashes happen.
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
