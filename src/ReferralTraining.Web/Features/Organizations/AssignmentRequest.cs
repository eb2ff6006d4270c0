using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Organizations;

public sealed record AssignmentRequest(
    IReadOnlyList<string> CourseIds, AssignmentTarget Target, Guid? TargetId, DateOnly? DueDate,
    int? RecurrenceMonths, bool IncludeLaterMembers, bool AllowPriorCompletion);
