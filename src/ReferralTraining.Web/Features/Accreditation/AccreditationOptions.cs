using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// What only the accredited provider knows about its activities, for the PARS activity export (section "Accreditation",
/// ADR-035). Empty by default: the export refuses to run, naming the setting, until the provider fills them in.
/// </summary>
public sealed class AccreditationOptions : IValidatableObject
{
    public const string Section = "Accreditation";

    /// <summary>"Direct" or "Joint" (PARS asks for the providership of every activity); empty until the provider says.</summary>
    public string Providership { get; set; } = "";

    /// <summary>The joint providers' names, required when <see cref="Providership"/> is "Joint".</summary>
    public List<string> JointProviders { get; set; } = [];

    /// <summary>The competencies the activities address, as the provider reports them to PARS (e.g. "Patient care").</summary>
    public List<string> Competencies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Providership.Length > 0 && Providership is not ("Direct" or "Joint"))
        {
            yield return new ValidationResult("Accreditation:Providership must be \"Direct\" or \"Joint\" (or empty until you know).");
        }
        if (Providership == "Joint" && JointProviders.All(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Accreditation:JointProviders must name the joint provider(s) when Accreditation:Providership is \"Joint\".");
        }
    }
}
