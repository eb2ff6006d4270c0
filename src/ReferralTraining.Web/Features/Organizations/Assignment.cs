using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>A course a director assigned to a person, a team or a job role, due by a date.</summary>
public sealed class Assignment
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string CourseId { get; set; } = "";
    public AssignmentTarget Target { get; set; }
    public Guid? UserId { get; set; }
    public Guid? TeamId { get; set; }
    public Guid? JobRoleId { get; set; }
    public DateOnly DueDate { get; set; }
    /// <summary>Due again this many months after each completion; null for once.</summary>
    public int? RecurrenceMonths { get; set; }
    /// <summary>People who join the team or job role later are assigned too.</summary>
    public bool IncludeLaterMembers { get; set; }
    /// <summary>A completion made before the assignment satisfies it.</summary>
    public bool AllowPriorCompletion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedByUserId { get; set; }
}
