using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

/// <summary>
/// Exactly what one attempt showed, with its key: stored with the attempt so grading and review never
/// change when the content is edited later.
/// </summary>
public sealed record PresentedQuestion(
    string QuestionId,
    QuestionType Type,
    MultipleScoring Scoring,
    IReadOnlyList<string> ObjectiveIds,
    string? CaseHtml,
    string StemHtml,
    IReadOnlyList<PresentedOption> Options,
    IReadOnlyList<string> CorrectOrder,
    string GeneralFeedbackHtml,
    string SourceFile,
    int SourceLine);
