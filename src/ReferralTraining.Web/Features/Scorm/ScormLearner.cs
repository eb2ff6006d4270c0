namespace ReferralTraining.Web.Features.Scorm;

/// <summary>The account an LMS learner id maps to, per organization: created on the first launch, found on every later one.</summary>
public sealed class ScormLearner
{
    public Guid OrganizationId { get; set; }
    /// <summary>cmi.core.student_id (1.2) or cmi.learner_id (2004), as the LMS sends it.</summary>
    public string LmsLearnerId { get; set; } = "";
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastLaunchAt { get; set; }
}
