using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

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
