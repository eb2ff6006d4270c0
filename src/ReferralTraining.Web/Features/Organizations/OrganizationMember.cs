using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>A person's membership of one organization. A clinician may belong to several.</summary>
public sealed class OrganizationMember
{
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public OrganizationRole Role { get; set; }
    public Guid? TeamId { get; set; }
    public Guid? JobRoleId { get; set; }
    /// <summary>Identifier in the program's HR system, for idempotent sync.</summary>
    public string? ExternalId { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
}
