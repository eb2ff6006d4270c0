using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>The extra identifiers a report needs. Month and day of birth only (PARS): the year is never stored.</summary>
public sealed class ReportingProfile
{
    public Guid UserId { get; set; }
    /// <summary>MMDD, e.g. "0229".</summary>
    public string? BirthMonthDay { get; set; }
    /// <summary>National Provider Identifier: 10 digits, Luhn check digit over the 80840 prefix.</summary>
    public string? Npi { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
