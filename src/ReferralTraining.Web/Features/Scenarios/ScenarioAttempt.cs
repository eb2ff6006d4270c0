using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>
/// One play-through of a practice scenario. <see cref="Scenario"/> is the snapshot of what it showed (taken at
/// the start, as quiz attempts do; ADR-006), so editing the content never changes a past path or score.
/// </summary>
public sealed class ScenarioAttempt
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid EnrollmentId { get; set; }
    public string CourseId { get; set; } = "";
    public Guid CourseVersionId { get; set; }
    public string ScenarioId { get; set; } = "";
    /// <summary>1, 2, 3 … per person and scenario.</summary>
    public int Number { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    /// <summary>
    /// Seconds spent in the scenario, credited on each choice and Continue from the server's clock, each gap capped
    /// (<see cref="ScenarioService.MaxCreditPerStep"/>). Counted with modules' engaged time toward the course (ADR-017).
    /// </summary>
    public int EngagedSeconds { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>Where the clinician is: the node to answer, or (once finished) the End reached.</summary>
    public string CurrentNodeId { get; set; } = "";
    /// <summary>The last choice's feedback is shown before the next node (a reload shows it again).</summary>
    public bool FeedbackPending { get; set; }
    public ScenarioDefinition Scenario { get; set; } = default!;
    public IReadOnlyList<ScenarioStep> Steps { get; set; } = [];
    public int? FidelityPercent { get; set; }
    public IReadOnlyList<ScenarioItemResult> Results { get; set; } = [];
    /// <summary>PostgreSQL's row version: two tabs posting the same step cannot both write.</summary>
    public uint Version { get; set; }
}
