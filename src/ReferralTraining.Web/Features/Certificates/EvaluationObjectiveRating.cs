namespace ReferralTraining.Web.Features.Certificates;

/// <summary>One learner's answer, in the course evaluation, on whether one objective of the version was met.</summary>
public sealed class EvaluationObjectiveRating
{
    public Guid EnrollmentId { get; set; }
    /// <summary>An objective id of the enrollment's course version (objectives live in the version's content).</summary>
    public string ObjectiveId { get; set; } = "";
    public ObjectiveMet Met { get; set; }
}
