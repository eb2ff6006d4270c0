using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

internal sealed class PracticeChangeConfiguration :
    IEntityTypeConfiguration<Commitment>, IEntityTypeConfiguration<FollowUp>, IEntityTypeConfiguration<CommitmentResponse>,
    IEntityTypeConfiguration<FollowUpToken>, IEntityTypeConfiguration<NudgeDay>, IEntityTypeConfiguration<NudgePreference>,
    IEntityTypeConfiguration<ProgramSelfCheck>
{
    public void Configure(EntityTypeBuilder<Commitment> b)
    {
        b.ToTable("commitments");
        b.Property(c => c.CourseId).HasMaxLength(80).IsRequired();
        b.Property(c => c.PracticeId).HasMaxLength(80).IsRequired();
        b.Property(c => c.Text).HasMaxLength(500).IsRequired();
        b.Property(c => c.ChecklistItemKey).HasMaxLength(200);
        b.Property(c => c.Behavior).HasMaxLength(500);
        b.HasIndex(c => new { c.EnrollmentId, c.Number }).IsUnique();
        b.HasIndex(c => new { c.CourseId, c.PracticeId });
        b.HasIndex(c => c.UserId);
        b.HasOne<Enrollment>().WithMany().HasForeignKey(c => c.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<FollowUp> b)
    {
        b.ToTable("follow_ups");
        b.Property(f => f.CourseId).HasMaxLength(80).IsRequired();
        b.HasIndex(f => new { f.EnrollmentId, f.OffsetDays }).IsUnique();
        // The scheduler's two set-wise selections.
        b.HasIndex(f => new { f.DueAt, f.UserId }).HasFilter("\"NudgedAt\" IS NULL");
        b.HasIndex(f => f.NudgedAt).HasFilter("\"RespondedAt\" IS NULL AND \"ReminderSentAt\" IS NULL AND \"NudgedAt\" IS NOT NULL");
        b.HasIndex(f => f.UserId);
        b.HasOne<Enrollment>().WithMany().HasForeignKey(f => f.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CommitmentResponse> b)
    {
        b.ToTable("commitment_responses");
        b.HasKey(r => new { r.CommitmentId, r.FollowUpId });
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(r => r.Behavior).HasConversion<string>().HasMaxLength(10);
        b.Property(r => r.BarrierOther).HasMaxLength(500);
        b.Property(r => r.Helped).HasMaxLength(1000);
        b.HasIndex(r => r.FollowUpId);
        b.HasOne<Commitment>().WithMany().HasForeignKey(r => r.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FollowUp>().WithMany().HasForeignKey(r => r.FollowUpId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<FollowUpToken> b)
    {
        b.ToTable("follow_up_tokens");
        b.HasIndex(t => t.FollowUpId);
        b.HasOne<FollowUp>().WithMany().HasForeignKey(t => t.FollowUpId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NudgeDay> b)
    {
        b.ToTable("nudge_days");
        b.HasKey(n => new { n.UserId, n.LocalDate });
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NudgePreference> b)
    {
        b.ToTable("nudge_preferences");
        b.HasKey(p => p.UserId);
        b.Property(p => p.UpdatedVia).HasMaxLength(40).IsRequired();
        b.HasOne<AppUser>().WithOne().HasForeignKey<NudgePreference>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ProgramSelfCheck> b)
    {
        b.ToTable("program_self_checks");
        b.Property(p => p.Answers).HasColumnType("jsonb").HasConversion(
            v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null),
            v => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(v, (System.Text.Json.JsonSerializerOptions?)null) ?? new Dictionary<string, string>(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<Dictionary<string, string>>(
                (x, y) => x!.Count == y!.Count && !x.Except(y).Any(), v => v.Count, v => new Dictionary<string, string>(v)));
        b.HasIndex(p => new { p.OrganizationId, p.AnsweredAt });
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
