using ReferralTraining.Web.Features.Courses.Content.Planning;

namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// The planning record of the version (issue 22 item 3) as published with it: the practice gap, the needs-assessment
/// sources, the desired changes by Moore level with their measures, and the objective map derived from the content.
/// <see cref="Record"/> is null for a version published before planning records existed; <see cref="Note"/> says so.
/// </summary>
public sealed record ActivityPlanning(PlanningRecord? Record, IReadOnlyList<ObjectiveCoverage> ObjectiveMap, string? Note);
