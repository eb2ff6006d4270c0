namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// What a person disclosed, and when: every financial relationship with an ineligible company in the prior 24 months,
/// or explicitly none (<paramref name="None"/>).
/// </summary>
public sealed record Disclosure(DateOnly Collected, bool None, IReadOnlyList<FinancialRelationship> Relationships)
{
    public IEnumerable<FinancialRelationship> Relevant => Relationships.Where(r => r.Relevant);
}
