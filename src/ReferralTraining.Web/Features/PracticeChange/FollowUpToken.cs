using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

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
