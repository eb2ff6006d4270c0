namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>A course parsed, validated and rendered from its folder. Immutable; published as a whole.</summary>
public sealed record CourseDefinition(
    string Id,
    string Title,
    string Version,
    string Summary,
    string Audience,
    int EstimatedMinutes,
    DateOnly? ReleaseDate,
    DateOnly? ReviewDate,
    DateOnly? ExpiryDate,
    IReadOnlyList<FacultyMember> Faculty,
    IReadOnlyList<CreditOffer> Credits,
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<Reference> References,
    string OverviewHtml,
    IReadOnlyList<ModuleDefinition> Modules,
    ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizPool? Quiz,
    string ContentHash,
    string Folder,
    IReadOnlyList<PracticeDefinition> Practices,
    IReadOnlyList<int> FollowUpDays)
{
    /// <summary>Practice scenarios in the course's <c>scenarios/</c> folder, in file-name order.</summary>
    public IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.Scenarios.ScenarioDefinition> Scenarios { get; init; } = [];

    /// <summary>Scenarios that completion requires (course.md <c>scenarios:</c>), or null.</summary>
    public ReferralTraining.Web.Features.Courses.Content.Scenarios.ScenarioRequirement? ScenarioRequirement { get; init; }

    /// <summary>The planning record (planning.yaml); never null on a course that loaded without errors.</summary>
    public ReferralTraining.Web.Features.Courses.Content.Planning.PlanningRecord? Planning { get; init; }

    /// <summary>Objective → questions / scenarios / follow-up items, derived from this version's content.</summary>
    public IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.Planning.ObjectiveCoverage> ObjectiveMap() =>
        ReferralTraining.Web.Features.Courses.Content.Planning.ObjectiveMap.Derive(Objectives, Quiz, Scenarios);
}
