using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes.Interop;

namespace ReferralTraining.UnitTests.Features.Quizzes.Interop;

internal static class InteropTestData
{
    public static string Gift(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "fixtures", "gift", name));

    public static string AikenPath(string name) => Path.Combine(RepoPaths.Root, "tests", "fixtures", "aiken", name);

    /// <summary>Everything a conversion must keep, one line per question, so a failure shows a readable diff.</summary>
    public static IReadOnlyList<string> Snapshot(PortablePool pool) =>
        pool.Cases.Select(c => $"case {c.Id}: {c.Text}").Concat(pool.Questions.Select(Snapshot)).ToList();

    public static string Snapshot(PortableQuestion q) =>
        $"{q.Id} | {q.Type} | {string.Join(",", q.ObjectiveIds)} | {string.Join(",", q.SourceIds)} | case={q.CaseId} | keep={q.KeepOrder} | "
        + $"{(q.Type == QuestionType.Multiple ? q.Scoring.ToString() : "-")} | stem={q.Stem} | "
        + string.Join(" ", q.Options.Select(o => $"[{(o.Correct ? "x" : " ")}] {o.Text} #{o.Feedback}")) + $" | general={q.GeneralFeedback}";

    /// <summary>Reads quiz.md text with the real parser, against made-up objectives and references with the given ids.</summary>
    public static PortablePool ParseQuizMarkdown(string text, IEnumerable<string> objectiveIds, IEnumerable<string> referenceIds)
    {
        var errors = new List<ContentError>();
        var (cases, questions) = new QuizParser(new MarkdownRenderer()).Parse(
            text, "quiz.md", objectiveIds.Select(id => new Objective(id, id)).ToList(),
            referenceIds.ToDictionary(id => id, id => new Reference(id, id, id)), errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n---\n" + text);
        return PortablePool.From(new QuizPool(new QuizSettings(75, 1, 0, RevealAnswers.Always, new Dictionary<string, int>()), cases, questions));
    }

    /// <summary>What the quiz.md writer fills in for questions that name no objective or source.</summary>
    public static PortablePool WithDefaults(PortablePool pool, string objective, string source) => pool with
    {
        Questions = pool.Questions.Select(q => q with
        {
            ObjectiveIds = q.ObjectiveIds.Count > 0 ? q.ObjectiveIds : [objective],
            SourceIds = q.SourceIds.Count > 0 ? q.SourceIds : [source],
        }).ToList(),
    };
}
