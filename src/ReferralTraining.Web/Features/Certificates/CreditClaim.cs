using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>A learner's attested claim for one credit type of one enrollment.</summary>
public sealed class CreditClaim
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public Guid CourseVersionId { get; set; }
    public string CreditTypeId { get; set; } = "";
    public CreditKind Kind { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset AttestedAt { get; set; }
}
