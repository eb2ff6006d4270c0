using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

public enum ReminderKind { BeforeDue = 1, DueToday = 2, Overdue = 3, DirectorDigest = 4 }

/// <summary>
/// One reminder sent: the unique index makes "at most once per (assignment, person, kind, due date)"
/// a database rule, so concurrent or repeated job runs cannot send twice. The digest uses the
/// organization as its key and the week's Monday as its period.
/// </summary>
public sealed class ReminderLog
{
    public long Id { get; set; }
    public ReminderKind Kind { get; set; }
    /// <summary>The assignment, or for the digest the organization.</summary>
    public Guid SubjectId { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The due date reminded about (a new recurrence cycle is a new period), or the digest's week.</summary>
    public DateOnly Period { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

/// <summary>An in-app notification; every reminder e-mail is listed here too.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

internal sealed class ReminderEntitiesConfiguration : IEntityTypeConfiguration<ReminderLog>, IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<ReminderLog> b)
    {
        b.ToTable("reminder_log");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(r => new { r.SubjectId, r.UserId, r.Kind, r.Period }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.Subject).HasMaxLength(300).IsRequired();
        b.Property(n => n.Body).HasMaxLength(4000).IsRequired();
        b.Property(n => n.Link).HasMaxLength(500);
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
