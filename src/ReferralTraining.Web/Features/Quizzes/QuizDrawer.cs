using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

/// <summary>One option as shown in an attempt (in shown order). The key stays on the server.</summary>
public sealed record PresentedOption(string Id, string Html, bool Correct, string FeedbackHtml);

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
