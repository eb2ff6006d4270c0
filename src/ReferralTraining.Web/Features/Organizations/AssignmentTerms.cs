using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>The terms of an assignment the report reads: everything but who created it and the organization.</summary>
public sealed record AssignmentTerms(Guid Id, string CourseId, AssignmentTarget Target, Guid? UserId, Guid? TeamId, Guid? JobRoleId,
    DateOnly DueDate, int? RecurrenceMonths, bool IncludeLaterMembers, bool AllowPriorCompletion, DateTimeOffset CreatedAt);
