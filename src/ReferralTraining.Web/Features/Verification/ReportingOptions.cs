using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>Identifiers the accreditors assign to us, for the roster and learner files (section "Reporting"); validated at start-up.</summary>
public sealed partial class ReportingOptions : IValidatableObject
{
    public const string Section = "Reporting";

    /// <summary>CE Broker provider tracking number, column A, written without its "50-" prefix. The roster refuses to run while it is blank.</summary>
    [RegularExpression(@"^(50-)?[0-9]{0,12}$", ErrorMessage = "Reporting:ProviderTrackingNumber must be digits (the CE Broker provider number, with or without \"50-\").")]
    public string ProviderTrackingNumber { get; set; } = "";

    /// <summary>CE Broker course tracking numbers by our course id, column B (without "20-"); when absent, column C carries our own course id.</summary>
    public Dictionary<string, string> CeBrokerCourseNumbers { get; set; } = [];

    /// <summary>
    /// CE Broker profession codes (column H, "Profession=CODE") by profession. CE Broker's codes are set per state board,
    /// so there are no built-in guesses: a licensee whose profession has no code here is listed as skipped.
    /// </summary>
    public Dictionary<Profession, string> CeBrokerProfessionCodes { get; set; } = [];

    /// <summary>The ACCME PARS activity id reported for every course, unless a course has its own in <see cref="ParsActivityIds"/>.</summary>
    [RegularExpression(@"^[0-9]*$", ErrorMessage = "Reporting:ParsActivityId must be digits (the activity id PARS assigned).")]
    public string ParsActivityId { get; set; } = "";

    public Dictionary<string, string> ParsActivityIds { get; set; } = [];

    /// <summary>Credit types reported to PARS (AMA PRA Category 1 by default; participation certificates are not CME credit).</summary>
    public List<string> ParsCreditTypes { get; set; } = ["ama-pra-1"];

    public static string WithoutPrefix(string value, string prefix) =>
        value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : value;

    public string ProviderNumber => WithoutPrefix(ProviderTrackingNumber.Trim(), "50-");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (course, number) in CeBrokerCourseNumbers)
        {
            if (!CourseNumber().IsMatch(number ?? ""))
            {
                yield return new ValidationResult($"Reporting:CeBrokerCourseNumbers:{course} must be digits (the CE Broker course tracking number, with or without \"20-\").");
            }
        }
        foreach (var (profession, code) in CeBrokerProfessionCodes)
        {
            if (!Enum.IsDefined(profession) || !ProfessionCode().IsMatch(code ?? ""))
            {
                yield return new ValidationResult($"Reporting:CeBrokerProfessionCodes:{profession} must be a CE Broker profession code (letters and digits, e.g. RN), without \"Profession=\".");
            }
        }
        foreach (var (course, id) in ParsActivityIds)
        {
            if (!Digits().IsMatch(id ?? ""))
            {
                yield return new ValidationResult($"Reporting:ParsActivityIds:{course} must be digits (the activity id PARS assigned).");
            }
        }
    }

    [GeneratedRegex(@"^(20-)?[0-9]{1,12}$")]
    private static partial Regex CourseNumber();

    [GeneratedRegex(@"^[A-Z0-9]{1,12}$")]
    private static partial Regex ProfessionCode();

    [GeneratedRegex(@"^[0-9]{1,20}$")]
    private static partial Regex Digits();
}
