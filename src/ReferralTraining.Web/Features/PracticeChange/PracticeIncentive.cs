using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>What the final follow-up will earn, shown up front (the incentive must be visible).</summary>
public sealed record PracticeIncentive(string CreditTypeId, string CreditTypeName, decimal Amount, string Unit)
{
    public string Text => $"{Amount.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {Unit}";
}
