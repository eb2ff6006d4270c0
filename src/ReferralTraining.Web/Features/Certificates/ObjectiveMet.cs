namespace ReferralTraining.Web.Features.Certificates;

/// <summary>A learner's answer to "was this objective met?" for one objective (ADR-028: yes / partly / no, not a 1-5 scale).</summary>
public enum ObjectiveMet
{
    Yes,
    Partly,
    No,
}
