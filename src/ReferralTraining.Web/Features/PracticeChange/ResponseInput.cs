using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>One answer on a follow-up; <paramref name="Behavior"/> is required for a commitment made from a checklist item.</summary>
public sealed record ResponseInput(Guid CommitmentId, Implementation? Status, int? PatientsReached, IReadOnlyList<string>? Barriers, string? BarrierOther, string? Helped,
    BehaviorUse? Behavior = null);
