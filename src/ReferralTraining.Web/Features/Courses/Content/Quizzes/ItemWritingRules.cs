using System.Globalization;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

/// <summary>
/// Item-writing gates (docs/authoring.md, "Item-writing rules"): a pool must not be passable by test-wiseness
/// (pick the longest option, answer "false", tick everything, spot "all of the above"). Errors, not warnings:
/// a pool that cues its keys does not measure what the course teaches.
/// </summary>
public static partial class ItemWritingRules
{
    /// <summary>Share of single-answer questions whose keyed option may be the longest (ties count as longest).</summary>
    public const int MaxLongestKeyPercent = 35;

    public const int MinTruePercent = 35;
    public const int MaxTruePercent = 65;

    /// <summary>From this many true/false questions on, the percentage band applies; 2–3 need one of each key.</summary>
    public const int TrueFalseBandFrom = 4;

    [GeneratedRegex(@"\b(all|none|both|neither)\s+of\s+the\s+(above|preceding|previous|other\s+(options|answers|choices))\b|^\s*(all|none)\s+of\s+these\s*\.?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OfTheAbove();

    [GeneratedRegex(@"\[@[^\]]*\]|[*_`]")]
    private static partial Regex MarkdownNoise();

    [GeneratedRegex(@"^- \[[ xX]\]\s")]
    private static partial Regex OptionLine();

    /// <param name="quizText">The pool as written, to point each finding at its option's line.</param>
    public static void Check(IReadOnlyList<QuizQuestion> questions, string quizText, string file, List<ContentError> errors)
    {
        var lines = quizText.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        var singles = questions.Where(q => q.Type == QuestionType.Single).ToList();
        var longestKeyed = singles.Where(KeyIsLongest).ToList();
        var allowed = singles.Count * MaxLongestKeyPercent / 100;
        if (longestKeyed.Count > allowed)
        {
            errors.Add(new ContentError(file, longestKeyed[0].Line,
                $"Item writing: the keyed option is the longest in {longestKeyed.Count} of {singles.Count} single-answer questions ({Percent(longestKeyed.Count, singles.Count)}); "
                + $"at most {MaxLongestKeyPercent} % ({allowed}) may be. Lengthen distractors or tighten keys in: {List(longestKeyed)}."));
        }

        var trueFalse = questions.Where(q => q.Type == QuestionType.TrueFalse).ToList();
        var keyedTrue = trueFalse.Where(q => q.Options.Single(o => o.Id == "true").Correct).ToList();
        var keyedFalse = trueFalse.Except(keyedTrue).ToList();
        var balanced = trueFalse.Count >= TrueFalseBandFrom
            ? keyedTrue.Count * 100 >= MinTruePercent * trueFalse.Count && keyedTrue.Count * 100 <= MaxTruePercent * trueFalse.Count
            : trueFalse.Count < 2 || (keyedTrue.Count > 0 && keyedFalse.Count > 0);
        if (!balanced)
        {
            var (majority, key) = keyedTrue.Count > keyedFalse.Count ? (keyedTrue, "true") : (keyedFalse, "false");
            var rule = trueFalse.Count >= TrueFalseBandFrom
                ? $"between {MinTruePercent} % and {MaxTruePercent} % must be true"
                : "a pool with 2 or 3 needs at least one true and one false";
            errors.Add(new ContentError(file, majority[0].Line,
                $"Item writing: {keyedTrue.Count} of {trueFalse.Count} true/false questions are keyed true ({Percent(keyedTrue.Count, trueFalse.Count)}); {rule}. "
                + $"Reword some of the {key} ones: {List(majority)}."));
        }

        foreach (var question in questions)
        {
            if (question.Type == QuestionType.Multiple)
            {
                var right = question.Options.Count(o => o.Correct);
                var wrong = question.Options.Count - right;
                if (wrong < right)
                {
                    errors.Add(new ContentError(file, question.Line,
                        $"Item writing: multiple-response question '{question.Id}' has {right} right and {wrong} wrong options; give it at least as many wrong options as right ones, so ticking everything does not pay."));
                }
            }
            if (question.Type is QuestionType.Single or QuestionType.Multiple)
            {
                for (var i = 0; i < question.Options.Count; i++)
                {
                    if (OfTheAbove().IsMatch(Visible(question.Options[i].Markdown)))
                    {
                        errors.Add(new ContentError(file, OptionLineNumber(lines, question.Line, i),
                            $"Item writing: question '{question.Id}' offers \"{question.Options[i].Markdown.Trim()}\"; \"all/none of the above\" options are not allowed (they reward partial knowledge). Write a real option."));
                    }
                }
            }
        }
    }

    /// <summary>The keyed option is at least as long as every distractor (visible characters: citations and emphasis marks left out).</summary>
    public static bool KeyIsLongest(QuizQuestion question)
    {
        var key = question.Options.Where(o => o.Correct).Select(o => Visible(o.Markdown).Length).DefaultIfEmpty(0).Max();
        var others = question.Options.Where(o => !o.Correct).Select(o => Visible(o.Markdown).Length).DefaultIfEmpty(0).Max();
        return key >= others;
    }

    private static string Visible(string markdown) => MarkdownNoise().Replace(markdown, "").Trim();

    private static string Percent(int part, int whole) =>
        (100.0 * part / Math.Max(1, whole)).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string List(IEnumerable<QuizQuestion> questions) =>
        string.Join(", ", questions.Select(q => $"{q.Id} (line {q.Line})"));

    /// <summary>The line of the question's option number <paramref name="index"/> (0-based), counted from its heading.</summary>
    private static int OptionLineNumber(string[] lines, int questionLine, int index)
    {
        var seen = -1;
        for (var i = questionLine; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                break;
            }
            if (OptionLine().IsMatch(lines[i]) && ++seen == index)
            {
                return i + 1;
            }
        }
        return questionLine;
    }
}
