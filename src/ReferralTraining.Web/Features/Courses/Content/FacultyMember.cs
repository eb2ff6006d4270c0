namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// A person in control of the course's content (planner, author or reviewer) with their disclosure of financial
/// relationships with ineligible companies (ACCME Standards for Integrity and Independence, Standard 3).
/// <paramref name="Placeholder"/> marks an entry the shipped library cannot fill: the deploying provider must.
/// </summary>
public sealed record FacultyMember(string Name, string Credentials, string Role, Disclosure? Disclosure = null, bool Placeholder = false);
