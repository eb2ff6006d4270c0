namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>A problem in content, located precisely enough for an author to fix it.</summary>
public sealed record ContentError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

public sealed record Objective(string Id, string Text);

public sealed record Reference(string Id, string Short, string Citation);

public sealed record FacultyMember(string Name, string Credentials, string Role);

/// <summary>A kind of CE credit the course offers, how much, and to which professions (empty: all).</summary>
public sealed record CreditOffer(string Type, decimal Hours, IReadOnlyList<string> Professions);

/// <summary>A practical tip for putting a practice into effect, drawn from the course and citing its source.</summary>
public sealed record PracticeTip(string Text, string ReferenceId, string ReferenceShort);

/// <summary>
/// A referral practice the course teaches, which a learner can commit to (commitment-to-change).
/// Ids are shared across courses where the practice is the same, so outcomes aggregate by practice.
/// </summary>
public sealed record PracticeDefinition(string Id, string Text, IReadOnlyList<PracticeTip> Tips);

/// <summary>
/// The documented seat-time method (docs/authoring.md): reading at 200 words per minute plus 1.5 minutes
/// per quiz question drawn, each part rounded up.
/// </summary>
public static class SeatTime
{
    public const int WordsPerMinute = 200;
    public const decimal MinutesPerQuestion = 1.5m;

    public static int Minutes(int words, int questionsDrawn) =>
        (int)Math.Ceiling(words / (decimal)WordsPerMinute) + (int)Math.Ceiling(questionsDrawn * MinutesPerQuestion);
}

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
    ReferralTraining.Web.Features.Quizzes.Content.QuizPool? Quiz,
    string ContentHash,
    string Folder,
    IReadOnlyList<PracticeDefinition> Practices,
    IReadOnlyList<int> FollowUpDays);

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
