using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

public sealed record PortablePool(IReadOnlyList<PortableCase> Cases, IReadOnlyList<PortableQuestion> Questions)
{
    public static PortablePool From(QuizPool pool) => new(
        pool.Cases.Select(c => new PortableCase(c.Id, c.Markdown)).ToList(),
        pool.Questions.Select(q => new PortableQuestion(
            q.Id, q.Type, q.ObjectiveIds, q.SourceIds, q.CaseId, q.KeepOrder, q.Scoring, q.StemMarkdown,
            q.Options.Select(o => new PortableOption(o.Markdown, o.Correct, o.FeedbackMarkdown)).ToList(),
            q.GeneralFeedbackMarkdown, q.Line)).ToList());
}
