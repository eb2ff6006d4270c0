namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>A problem in content, located precisely enough for an author to fix it.</summary>
public sealed record ContentError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

public sealed record Objective(string Id, string Text);

public sealed record Reference(string Id, string Short, string Citation);

public sealed record FacultyMember(string Name, string Credentials, string Role);

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
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<Reference> References,
    string OverviewHtml,
    IReadOnlyList<ModuleDefinition> Modules,
    ReferralTraining.Web.Features.Quizzes.Content.QuizPool? Quiz,
    string ContentHash,
    string Folder);

public sealed record ModuleDefinition(
    int Number,
    string FileName,
    string Slug,
    string Title,
    IReadOnlyList<string> ObjectiveIds,
    IReadOnlyList<string> CitedReferenceIds,
    string Html,
    int WordCount);

/// <summary>The outcome of loading a content folder: good courses and, separately, the problems found.</summary>
public sealed record ContentLoadResult(IReadOnlyList<CourseDefinition> Courses, IReadOnlyList<ContentError> Errors);
