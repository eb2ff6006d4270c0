namespace ReferralTraining.Web.Features.Courses;

/// <summary>
/// What the module page needs of the learner, read as the view's clock starts (<see cref="CourseService.OpenModuleAsync"/>).
/// <see cref="EngagedSeconds"/> is the time recorded on the module so far, null when no clock started (no acknowledgment
/// of the disclosures yet, or no such module).
/// </summary>
public sealed record ModuleVisit(Guid EnrollmentId, Guid CourseVersionId, bool Acknowledged, int[] Read, int? EngagedSeconds);
