using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// One security-relevant event (ASVS V16). Append-only: nothing in the app updates or deletes these rows.
/// Certificate status changes have their own audit table, certificate_status_events.
/// </summary>
public sealed class SecurityEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public SecurityEventKind Kind { get; set; }
    /// <summary>The account concerned, when known (a failed sign-in for an unknown address has none).</summary>
    public Guid? UserId { get; set; }
    /// <summary>The address typed or the account's address, so failed attempts on unknown accounts are visible.</summary>
    public string? Email { get; set; }
    /// <summary>Who did it when it was someone else (an admin disabling an account).</summary>
    public Guid? ActorUserId { get; set; }
    public string? IpAddress { get; set; }
    public string? Detail { get; set; }
}
