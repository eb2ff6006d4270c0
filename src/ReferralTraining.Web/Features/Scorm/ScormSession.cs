namespace ReferralTraining.Web.Features.Scorm;

/// <summary>A browser session opened by an LMS launch: whose it is, which course, and the LMS origin to report to.</summary>
public sealed record ScormSession(Guid UserId, Guid OrganizationId, string CourseId, string Origin);
