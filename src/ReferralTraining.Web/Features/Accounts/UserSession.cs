using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// One signed-in browser (ASVS 7.5.2: people see their sessions and end any of them). The cookie stays the
/// session's carrier; this row lets the person list it and end it. It is checked when the cookie's security
/// stamp is checked (every <see cref="AccountsOptions.SessionValidationInterval"/>), not on every request.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The account's security stamp when the session began or was last refreshed: a changed stamp ends it.</summary>
    public string SecurityStamp { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? UserAgent { get; set; }
    public string? IpAddress { get; set; }
}
