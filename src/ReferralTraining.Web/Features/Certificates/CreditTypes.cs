using System.ComponentModel.DataAnnotations;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// One accreditor's credit type, as configuration (Certificates:CreditTypes:&lt;id&gt;): the rules and the
/// statement text change with the provider's accreditation, not with the code.
/// </summary>
public sealed class CreditTypeOptions
{
    [Required] public string Name { get; set; } = "";
    /// <summary>Unit as printed after the amount, e.g. "NAADAC CE hours".</summary>
    [Required] public string Unit { get; set; } = "";
    [Range(0.01, 1)] public decimal Increment { get; set; } = 0.25m;
    /// <summary>Most credit of this type a learner may earn online per 24 hours (e.g. NAADAC: 8), if a rule exists.</summary>
    public decimal? MaxPerDay { get; set; }
    /// <summary>Professions that may claim it; empty means everyone.</summary>
    public List<Profession> Professions { get; set; } = [];
    [Required] public string Statement { get; set; } = "";
    /// <summary>The body that accredits the provider for this credit (e.g. "NAADAC"), named in the Open Badge; none for participation.</summary>
    public string? Accreditor { get; set; }
    /// <summary>The accreditor's official web address, the alignment target in the Open Badge.</summary>
    [Url] public string? AccreditorUrl { get; set; }
    /// <summary>Shown next to the claim, e.g. AMA's "claim only the credit commensurate…".</summary>
    public string? ClaimGuidance { get; set; }
    /// <summary>
    /// Credit for completing the commitment-to-change follow-up (a performance-improvement activity), when this
    /// accreditor's approval covers it; null means it does not, and the learner gets a certificate of participation.
    /// </summary>
    [Range(0.01, 10)] public decimal? PracticeImprovementCredits { get; set; }
}

public sealed class CertificatesOptions
{
    public const string Section = "Certificates";

    [Required] public string ProviderName { get; set; } = "ReferralTraining";
    [Required, Url] public string ProviderUrl { get; set; } = "https://referraltraining.example";
    public string ActivityFormat { get; set; } = "Enduring material (online, self-paced)";
    public string PracticeImprovementFormat { get; set; } = "Performance improvement: commitment-to-change with follow-up (self-reported practice change)";
    public Dictionary<string, CreditTypeOptions> CreditTypes { get; set; } = [];

    /// <summary>The certificate sweep re-issues claims without an award or certificate once they are this old.</summary>
    [Range(1, 86_400)] public int SweepAfterSeconds { get; set; } = 60; // with the minutely sweep: within 2 minutes (ADR-016)

    public string FormatAmount(string typeId, decimal amount) =>
        $"{amount.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {(CreditTypes.TryGetValue(typeId, out var t) ? t.Unit : typeId)}";
}

/// <summary>Credit offered by a course version to one profession, with the configured rules applied.</summary>
public sealed record EligibleCredit(string TypeId, CreditTypeOptions Type, decimal Maximum);

public static class CreditRules
{
    public const string Participation = "participation";

    /// <summary>
    /// The credit types a person of this profession may claim for a course: its offers whose configured type
    /// admits the profession, or a certificate of participation when none does.
    /// </summary>
    public static IReadOnlyList<EligibleCredit> Eligible(
        IReadOnlyList<Courses.Content.CreditOffer> offers, Profession? profession, CertificatesOptions options, int estimatedMinutes)
    {
        var eligible = offers
            .Where(o => options.CreditTypes.ContainsKey(o.Type))
            .Select(o => new EligibleCredit(o.Type, options.CreditTypes[o.Type], o.Hours))
            .Where(c => profession is not null && (c.Type.Professions.Count == 0 || c.Type.Professions.Contains(profession.Value)))
            .Where(c => c.TypeId != Participation)
            .ToList();
        if (eligible.Count == 0 && options.CreditTypes.TryGetValue(Participation, out var participation))
        {
            var hours = Math.Floor(estimatedMinutes / 60m / participation.Increment) * participation.Increment;
            eligible.Add(new EligibleCredit(Participation, participation, Math.Max(participation.Increment, hours)));
        }
        return eligible;
    }

    /// <summary>
    /// The practice-improvement credit the final follow-up earns: in the credit type the learner claimed for the
    /// course (or would be offered) when that accreditor allows it, else a certificate of participation.
    /// </summary>
    public static (string TypeId, CreditTypeOptions Type, decimal Amount)? PracticeImprovement(
        IEnumerable<string> preferredTypeIds, CertificatesOptions options)
    {
        foreach (var id in preferredTypeIds.Append(Participation))
        {
            if (options.CreditTypes.TryGetValue(id, out var type) && type.PracticeImprovementCredits is { } amount)
            {
                return (id, type, amount);
            }
        }
        return null;
    }

    public static string? ValidateAmount(EligibleCredit credit, decimal amount)
    {
        if (amount <= 0)
        {
            return "Enter the amount of credit you are claiming.";
        }
        if (amount > credit.Maximum)
        {
            return $"The most you can claim is {credit.Maximum.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {credit.Type.Unit}.";
        }
        if (amount % credit.Type.Increment != 0)
        {
            return $"Claim in steps of {credit.Type.Increment.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {credit.Type.Unit}.";
        }
        return null;
    }
}
