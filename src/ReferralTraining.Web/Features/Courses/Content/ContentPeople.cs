namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>Rules on a course's people that decide whether credit may be offered (issue 22, ADR-027).</summary>
public static class ContentPeople
{
    public static readonly string[] Roles = ["Planner", "Author", "Reviewer"];

    /// <summary>
    /// What the accredited provider must fill in before a course version may offer credit: one line per placeholder
    /// person, empty when every person is real.
    /// </summary>
    public static IReadOnlyList<string> ProviderMustFillIn(IReadOnlyList<FacultyMember> people) =>
        people.Where(p => p.Placeholder)
            .Select(p => $"{p.Role}: the entry \"{p.Name}\" is a placeholder. Name the real {p.Role.ToLowerInvariant()} with their credentials, collect their disclosure of financial relationships with ineligible companies (the prior 24 months), record the mitigation of each relevant one, and publish a new course version.")
            .ToList();
}
