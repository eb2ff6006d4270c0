using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Quizzes.Content;

[JsonConverter(typeof(JsonStringEnumConverter<QuestionType>))]
public enum QuestionType { Single, Multiple, TrueFalse, Ordering }

[JsonConverter(typeof(JsonStringEnumConverter<MultipleScoring>))]
public enum MultipleScoring { AllOrNothing, Partial }

[JsonConverter(typeof(JsonStringEnumConverter<RevealAnswers>))]
public enum RevealAnswers { Always, AfterPassing, Never }

/// <summary>The post-test rules from course.md's <c>quiz:</c> block.</summary>
public sealed record QuizSettings(
    int PassingScore,
    int AttemptsAllowed,
    int CooldownMinutes,
    RevealAnswers RevealAnswers,
    IReadOnlyDictionary<string, int> Draw)
{
    public int QuestionsPerAttempt => Draw.Values.Sum();
}

/// <summary>One answer choice. <see cref="Id"/> is its letter in the source ("a", "b", …), stable across shuffles.</summary>
public sealed record QuizOption(string Id, string Markdown, string Html, bool Correct, string FeedbackHtml)
{
    /// <summary>The feedback as written, kept so the pool can be exported (GIFT) without turning HTML back into Markdown.</summary>
    public string FeedbackMarkdown { get; init; } = "";
}

public sealed record QuizCase(string Id, string Html, int Line)
{
    /// <summary>The case text as written (for export).</summary>
    public string Markdown { get; init; } = "";
}

/// <summary>
/// A question as authored. For ordering questions the options are the steps in the correct order;
/// for true/false the options are "true" and "false".
/// </summary>
public sealed record QuizQuestion(
    string Id,
    QuestionType Type,
    IReadOnlyList<string> ObjectiveIds,
    IReadOnlyList<string> SourceIds,
    string? CaseId,
    bool KeepOrder,
    MultipleScoring Scoring,
    string StemMarkdown,
    string StemHtml,
    IReadOnlyList<QuizOption> Options,
    string GeneralFeedbackHtml,
    string File,
    int Line)
{
    public string PrimaryObjective => ObjectiveIds[0];

    /// <summary>The general feedback as written (for export).</summary>
    public string GeneralFeedbackMarkdown { get; init; } = "";
}

public sealed record QuizPool(QuizSettings Settings, IReadOnlyList<QuizCase> Cases, IReadOnlyList<QuizQuestion> Questions);
