using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// What a learner commits to change at the end of a course (commitment-to-change, Moore level 4: stated
/// intention). Tied to one practice the course version defines; the wording is the learner's own.
/// </summary>
public sealed class Commitment
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public string CourseId { get; set; } = "";
    public Guid CourseVersionId { get; set; }
    /// <summary>1–3, the order the learner wrote them in.</summary>
    public int Number { get; set; }
    public string PracticeId { get; set; } = "";
    /// <summary>The learner's own words; private to them (never shown to a director).</summary>
    public string Text { get; set; } = "";
    public int ExpectedPatients { get; set; }
    /// <summary>Strength of commitment, 1 (not confident) … 5 (very confident).</summary>
    public int Confidence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One scheduled follow-up of an enrolment's commitments (one per offset). The unique (enrolment, offset)
/// index and the conditional updates of <see cref="NudgedAt"/> and <see cref="ReminderSentAt"/> make every
/// nudge happen at most once per commitment and offset, whatever job runs overlap.
/// </summary>
public sealed class FollowUp
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public string CourseId { get; set; } = "";
    public Guid CourseVersionId { get; set; }
    public int OffsetDays { get; set; }
    /// <summary>Position in the course's schedule (0-based); the last one earns practice-improvement credit.</summary>
    public int Sequence { get; set; }
    public bool IsFinal { get; set; }
    public DateTimeOffset CompletedCourseAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Answers can be changed until this moment (the next follow-up's due time).</summary>
    public DateTimeOffset EditableUntil { get; set; }
    public DateTimeOffset? NudgedAt { get; set; }
    public DateTimeOffset? ReminderSentAt { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
}

public enum Implementation { NotYet = 0, Partly = 1, Fully = 2 }

/// <summary>A learner's answer about one commitment at one follow-up.</summary>
public sealed class CommitmentResponse
{
    public Guid CommitmentId { get; set; }
    public Guid FollowUpId { get; set; }
    public Implementation Status { get; set; }
    public int PatientsReached { get; set; }
    public List<string> Barriers { get; set; } = [];
    /// <summary>Free text: private to the learner; outcomes never read it.</summary>
    public string? BarrierOther { get; set; }
    public string? Helped { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A link token for the follow-up form: the protected payload names this row, the row makes it single-use
/// and expiring, and it opens that one form only (no sign-in).
/// </summary>
public sealed class FollowUpToken
{
    public Guid Id { get; set; }
    public Guid FollowUpId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>At most one nudge e-mail per person per local day: the primary key enforces it.</summary>
public sealed class NudgeDay
{
    public Guid UserId { get; set; }
    public DateOnly LocalDate { get; set; }
    public Guid EmailId { get; set; }
    /// <summary>How many follow-ups the day's e-mail combines (a digest when more than one).</summary>
    public int Items { get; set; }
}

/// <summary>A person's choices about follow-up nudges. Account mail is not affected.</summary>
public sealed class NudgePreference
{
    public Guid UserId { get; set; }
    public bool EmailNudges { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedVia { get; set; } = "";
}

/// <summary>A director's answers to the program self-check, one row per organization (latest kept, with history).</summary>
public sealed class ProgramSelfCheck
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid AnsweredBy { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    /// <summary>Question id → "yes" | "partly" | "no".</summary>
    public Dictionary<string, string> Answers { get; set; } = [];
}

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
