using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>The credit actually awarded. Unique per enrollment and credit type: retries cannot double it.</summary>
public sealed class CreditAward
{
    public Guid Id { get; set; }
    public Guid ClaimId { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public Guid CourseVersionId { get; set; }
    public string ContentHash { get; set; } = "";
    public string CreditTypeId { get; set; } = "";
    public CreditKind Kind { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset AwardedAt { get; set; }
}
