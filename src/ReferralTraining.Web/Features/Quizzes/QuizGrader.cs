using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

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
