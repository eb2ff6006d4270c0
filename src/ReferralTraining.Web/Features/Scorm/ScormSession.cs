namespace ReferralTraining.Web.Features.Scorm;

/// <summary>
/// A browser session opened by an LMS launch: whose it is, which course, the LMS origin to report to, and whether the
/// LMS is another site, so the session's cookies are partitioned (<see cref="ScormPartitionedCookies"/>).
/// </summary>
public sealed record ScormSession(Guid UserId, Guid OrganizationId, string CourseId, string Origin, bool Partitioned = false);
