namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// One financial relationship with an ineligible company. A relevant one (the company's products bear on the
/// content) must name the step that mitigated it.
/// </summary>
public sealed record FinancialRelationship(string Company, string Nature, bool Relevant, Mitigation? Mitigation);
