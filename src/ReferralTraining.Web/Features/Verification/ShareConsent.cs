using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>
/// A clinician lets one credentialing body look up their CE record by license. Rows are never deleted:
/// withdrawing stamps <see cref="WithdrawnAt"/>, granting again adds a new row, so the history shows who
/// could see what, when.
/// </summary>
public sealed class ShareConsent
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid BodyUserId { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
}
