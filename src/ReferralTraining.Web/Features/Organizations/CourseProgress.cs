using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>What one person has done in one course: their latest completion, enrollment and best passing score.</summary>
public readonly record struct CourseProgress(DateTimeOffset? LastCompletion, bool Enrolled, int? BestScore);
