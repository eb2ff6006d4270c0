using ReferralTraining.Web.Features.Quizzes.Content;

namespace ReferralTraining.Web.Features.Quizzes;

/// <summary>One option as shown in an attempt (in shown order). The key stays on the server.</summary>
public sealed record PresentedOption(string Id, string Html, bool Correct, string FeedbackHtml);

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

/// <summary>Draws an attempt's questions: the configured number per objective, questions and options shuffled from a seed.</summary>
public static class QuizDrawer
{
    public static IReadOnlyList<PresentedQuestion> Draw(QuizPool pool, int seed)
    {
        var random = new Random(seed);
        var chosen = new List<QuizQuestion>();
        foreach (var (objectiveId, count) in pool.Settings.Draw)
        {
            var candidates = pool.Questions.Where(q => q.PrimaryObjective == objectiveId).OrderBy(q => q.Id, StringComparer.Ordinal).ToArray();
            Shuffle(candidates, random);
            chosen.AddRange(candidates.Take(count));
        }
        var order = chosen.ToArray();
        Shuffle(order, random);
        // Questions on one case vignette stay together, where the first of them fell.
        var grouped = order
            .Select((q, i) => (q, i))
            .GroupBy(x => x.q.CaseId ?? "\0" + x.q.Id)
            .OrderBy(g => g.Min(x => x.i))
            .SelectMany(g => g.Select(x => x.q))
            .ToList();
        return grouped.Select(q => Present(q, pool, random)).ToList();
    }

    private static PresentedQuestion Present(QuizQuestion question, QuizPool pool, Random random)
    {
        var options = question.Options.ToArray();
        if (question.Type == QuestionType.Ordering)
        {
            Shuffle(options, random);
            if (options.Select(o => o.Id).SequenceEqual(question.Options.Select(o => o.Id)))
            {
                // Never show the steps already in the right order.
                options = [.. options[1..], options[0]];
            }
        }
        else if (question.Type != QuestionType.TrueFalse && !question.KeepOrder)
        {
            Shuffle(options, random);
        }
        var caseHtml = question.CaseId is null ? null : pool.Cases.Single(c => c.Id == question.CaseId).Html;
        return new PresentedQuestion(
            question.Id, question.Type, question.Scoring, question.ObjectiveIds, caseHtml, question.StemHtml,
            options.Select(o => new PresentedOption(o.Id, o.Html, o.Correct, o.FeedbackHtml)).ToList(),
            question.Type == QuestionType.Ordering ? question.Options.Select(o => o.Id).ToList() : [],
            question.GeneralFeedbackHtml, question.File, question.Line);
    }

    private static void Shuffle<T>(T[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>Server-side scoring of one answer, as a credit from 0 to 1.</summary>
public static class QuizGrader
{
    public static double Grade(PresentedQuestion question, IReadOnlyList<string> selected)
    {
        var correct = question.Options.Where(o => o.Correct).Select(o => o.Id).ToHashSet();
        switch (question.Type)
        {
            case QuestionType.Single or QuestionType.TrueFalse:
                return selected.Count == 1 && correct.Contains(selected[0]) ? 1 : 0;
            case QuestionType.Multiple when question.Scoring == MultipleScoring.AllOrNothing:
                return correct.SetEquals(selected) && selected.Count == correct.Count ? 1 : 0;
            case QuestionType.Multiple:
                var right = selected.Distinct().Count(correct.Contains);
                var wrong = selected.Distinct().Count(id => !correct.Contains(id));
                return Math.Max(0, (double)(right - wrong) / correct.Count);
            case QuestionType.Ordering:
                return selected.SequenceEqual(question.CorrectOrder) ? 1 : 0;
            default:
                throw new InvalidOperationException($"Unknown question type {question.Type}");
        }
    }

    /// <summary>Percentage score, rounded down to a whole percent so "75%" never means 74.9.</summary>
    public static int ScorePercent(IReadOnlyList<double> credits) =>
        credits.Count == 0 ? 0 : (int)Math.Floor(credits.Sum() * 100 / credits.Count + 1e-9);
}
