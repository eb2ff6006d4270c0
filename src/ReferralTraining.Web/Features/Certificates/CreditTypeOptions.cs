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
