using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>What the clinician chose on the sharing page for reporting.</summary>
public sealed record ReportingChoices(bool CeBroker, bool Pars, string? BirthMonthDay, string? Npi);
