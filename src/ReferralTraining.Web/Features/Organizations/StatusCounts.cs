namespace ReferralTraining.Web.Features.Organizations;

/// <summary>How many person-course assignments in one group (a course or a team) are in each status.</summary>
public sealed record StatusCounts(string Label, int NotStarted, int InProgress, int Overdue, int Completed)
{
    public int Total => NotStarted + InProgress + Overdue + Completed;

    public static StatusCounts Of(string label, IEnumerable<ComplianceCell> cells)
    {
        var list = cells.ToList();
        return new StatusCounts(label, list.Count(c => c.Status == ComplianceStatus.NotStarted), list.Count(c => c.Status == ComplianceStatus.InProgress),
            list.Count(c => c.Status == ComplianceStatus.Overdue), list.Count(c => c.Status == ComplianceStatus.Completed));
    }
}
