using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Certificates;

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
