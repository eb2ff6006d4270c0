using System.ComponentModel.DataAnnotations;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Certificates;

public sealed class CertificatesOptions
{
    public const string Section = "Certificates";

    [Required] public string ProviderName { get; set; } = "ReferralTraining";
    [Required, Url] public string ProviderUrl { get; set; } = "https://referraltraining.example";
    public string ActivityFormat { get; set; } = "Enduring material (online, self-paced)";
    public string PracticeImprovementFormat { get; set; } = "Performance improvement: commitment-to-change with follow-up (self-reported practice change)";
    public Dictionary<string, CreditTypeOptions> CreditTypes { get; set; } = [];

    /// <summary>
    /// Offer credit for course versions whose people in control of content are still placeholders. Off by default, so
    /// outside Development no credit is offered until the provider fills them in; refused in Production (ADR-027).
    /// </summary>
    public bool OfferCreditWithPlaceholderPeople { get; set; }

    /// <summary>The certificate sweep re-issues claims without an award or certificate once they are this old.</summary>
    [Range(1, 86_400)] public int SweepAfterSeconds { get; set; } = 60; // with the minutely sweep: within 2 minutes (ADR-016)

    public string FormatAmount(string typeId, decimal amount) =>
        $"{amount.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {(CreditTypes.TryGetValue(typeId, out var t) ? t.Unit : typeId)}";
}
