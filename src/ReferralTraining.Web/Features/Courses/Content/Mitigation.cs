namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>How a relevant financial relationship was mitigated (e.g. content peer reviewed) and who did it.</summary>
public sealed record Mitigation(string Step, string By);
