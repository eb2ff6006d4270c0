using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>Identifiers the accreditors assign to us, for the roster and learner files (section "Reporting").</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>CE Broker provider tracking number, column A, written without its "50-" prefix.</summary>
    [RegularExpression(@"^(50-)?[0-9]{0,12}$", ErrorMessage = "Reporting:ProviderTrackingNumber must be digits (the CE Broker provider number, with or without \"50-\").")]
    public string ProviderTrackingNumber { get; set; } = "";

    /// <summary>CE Broker course tracking numbers by our course id, column B (without "20-"); blank when absent, column C identifies the course.</summary>
    public Dictionary<string, string> CeBrokerCourseNumbers { get; set; } = [];

    /// <summary>Overrides of the default profession codes (column H); CE Broker codes differ by state board.</summary>
    public Dictionary<Profession, string> CeBrokerProfessionCodes { get; set; } = [];

    /// <summary>The ACCME PARS activity id reported for every course, unless a course has its own in <see cref="ParsActivityIds"/>.</summary>
    [RegularExpression(@"^[0-9]*$", ErrorMessage = "Reporting:ParsActivityId must be digits (the activity id PARS assigned).")]
    public string ParsActivityId { get; set; } = "";

    public Dictionary<string, string> ParsActivityIds { get; set; } = [];

    /// <summary>Credit types reported to PARS (AMA PRA Category 1 by default; participation certificates are not CME credit).</summary>
    public List<string> ParsCreditTypes { get; set; } = ["ama-pra-1"];
}
