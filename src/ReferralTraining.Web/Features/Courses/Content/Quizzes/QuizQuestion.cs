using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

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
