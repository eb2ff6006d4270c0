using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>Audit log of status changes: nothing about a certificate is ever deleted.</summary>
public sealed class CertificateStatusEvent
{
    public long Id { get; set; }
    public Guid CertificateId { get; set; }
    public CertificateStatus From { get; set; }
    public CertificateStatus To { get; set; }
    public string Reason { get; set; } = "";
    public Guid ActorUserId { get; set; }
    public DateTimeOffset At { get; set; }
}
