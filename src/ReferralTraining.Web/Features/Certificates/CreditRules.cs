using System.ComponentModel.DataAnnotations;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Certificates;

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
