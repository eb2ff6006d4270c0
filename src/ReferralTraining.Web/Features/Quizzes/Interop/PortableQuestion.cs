using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>
/// A question between formats: what quiz.md says, as source text rather than rendered HTML, so that
/// export and import meet in one shape. True/false questions carry the options "True" and "False"
/// (feedback = what a learner choosing that option sees), as <see cref="QuizQuestion"/> does.
/// </summary>
public sealed record PortableQuestion(
    string Id,
    QuestionType Type,
    IReadOnlyList<string> ObjectiveIds,
    IReadOnlyList<string> SourceIds,
    string? CaseId,
    bool KeepOrder,
    MultipleScoring Scoring,
    string Stem,
    IReadOnlyList<PortableOption> Options,
    string GeneralFeedback,
    int Line)
{
    public static PortableQuestion TrueFalse(string id, string stem, bool answer, string feedbackIfTrue, string feedbackIfFalse, string generalFeedback, int line) =>
        new(id, QuestionType.TrueFalse, [], [], null, false, MultipleScoring.AllOrNothing, stem,
            [new PortableOption("True", answer, feedbackIfTrue), new PortableOption("False", !answer, feedbackIfFalse)], generalFeedback, line);
}
