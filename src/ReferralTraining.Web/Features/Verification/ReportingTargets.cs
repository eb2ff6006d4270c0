using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>Where a learner's completions may be reported. Same history model as <see cref="ShareConsent"/>.</summary>
public static class ReportingTargets
{
    public const string CeBroker = "ce-broker";
    public const string Pars = "pars";

    public static readonly IReadOnlyList<string> All = [CeBroker, Pars];
}
