namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// One answer's count in an aggregate. A suppressed cell carries no number at all (<see cref="Count"/> and
/// <see cref="Percent"/> null), so no consumer can print what the report hides. <see cref="Display"/> is the text to
/// show: "n (p%)", "&lt;5" for a cell of 1-4 people, or "suppressed" for a cell hidden so that a small one cannot be
/// worked out from the total.
/// </summary>
public sealed record AnswerCell(string Answer, string Label, int? Count, int? Percent, string Display)
{
    public bool Suppressed => Count is null;
}
