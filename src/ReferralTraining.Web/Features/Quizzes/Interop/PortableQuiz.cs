using ReferralTraining.Web.Features.Quizzes.Content;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>An answer choice as plain source text (Markdown), the same in every exchange format.</summary>
public sealed record PortableOption(string Text, bool Correct, string Feedback);

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

public sealed record PortableCase(string Id, string Text);

public sealed record PortablePool(IReadOnlyList<PortableCase> Cases, IReadOnlyList<PortableQuestion> Questions)
{
    public static PortablePool From(QuizPool pool) => new(
        pool.Cases.Select(c => new PortableCase(c.Id, c.Markdown)).ToList(),
        pool.Questions.Select(q => new PortableQuestion(
            q.Id, q.Type, q.ObjectiveIds, q.SourceIds, q.CaseId, q.KeepOrder, q.Scoring, q.StemMarkdown,
            q.Options.Select(o => new PortableOption(o.Markdown, o.Correct, o.FeedbackMarkdown)).ToList(),
            q.GeneralFeedbackMarkdown, q.Line)).ToList());
}

/// <summary>A question a conversion left out, and why. <see cref="Line"/> is 1-based in the source file.</summary>
public sealed record SkippedQuestion(string Name, int Line, string Reason)
{
    public override string ToString() => $"line {Line}: skipped '{Name}': {Reason}";
}
