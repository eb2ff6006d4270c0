namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>
/// The activity's planning record (issue 22 item 3, ACCME-style): the professional practice gap, where the need was
/// found, and the change the activity is designed to make at each Moore level with how it is measured. Authored in the
/// course's <c>planning.yaml</c>; hashed into the course version. The objective map is derived, see <see cref="ObjectiveMap"/>.
/// </summary>
public sealed record PlanningRecord(PracticeGap Gap, IReadOnlyList<NeedsSource> NeedsSources, IReadOnlyList<DesiredChange> DesiredChanges);
