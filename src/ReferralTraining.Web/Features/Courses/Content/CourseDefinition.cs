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
}
