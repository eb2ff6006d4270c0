using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>
/// Aiken, the plain single-answer format many item banks export:
/// <code>
/// Question text (one or more lines)
/// A. first option        (or "A) first option")
/// B. second option
/// ANSWER: B
/// </code>
/// Aiken has no feedback, titles or weights, so every question becomes a <c>single</c> question with an
/// id q-1, q-2, … in the order converted. As in Moodle, the space after "A." or "A)" is optional. A malformed
/// question is an error with its line and is left out; the questions around it are still converted. Aiken text is
/// plain, so it is escaped to render as written (<see cref="MarkdownText"/>).
/// </summary>
public static partial class AikenFormat
{
    [GeneratedRegex(@"^([A-Z])[.)][ \t]*(.*)$")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"^ANSWER\s*:\s*(.*)$")]
    private static partial Regex AnswerLine();

    private sealed class Draft(int line)
    {
        public int Line { get; } = line;
        public List<string> Stem { get; } = [];
        public List<string> Options { get; } = [];
        /// <summary>An error was reported for this question: it is left out, without a second error at its ANSWER line.</summary>
        public bool Broken { get; set; }
    }

    public static (PortablePool Pool, IReadOnlyList<ContentError> Errors) Import(string aiken, string file)
    {
        var errors = new List<ContentError>();
        var questions = new List<PortableQuestion>();
        Draft? draft = null;
        var lines = aiken.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var text = lines[i].Trim().TrimStart('\uFEFF');
            if (text.Length == 0)
            {
                continue;
            }
            var option = OptionLine().Match(text);
            var letter = option.Success ? option.Groups[1].Value[0] : ' ';
            var answer = AnswerLine().Match(text);
            if (answer.Success)
            {
                var key = answer.Groups[1].Value.Trim().ToUpperInvariant();
                var index = key.Length == 1 ? key[0] - 'A' : -1;
                if (draft is { Broken: true })
                {
                    // Already reported; the ANSWER line ends it, and the next question starts clean.
                }
                else if (draft is null || draft.Options.Count == 0)
                {
                    errors.Add(new ContentError(file, number, "'ANSWER:' line before any options ('A. …', 'B. …')."));
                }
                else if (draft.Options.Count is < 2 or > 8)
                {
                    errors.Add(new ContentError(file, draft.Line, $"The question has {draft.Options.Count} option(s); quiz.md questions have 2 to 8."));
                }
                else if (index < 0 || index >= draft.Options.Count)
                {
                    errors.Add(new ContentError(file, number, $"'ANSWER: {answer.Groups[1].Value.Trim()}' must name one option letter, A to {(char)('A' + draft.Options.Count - 1)}."));
                }
                else if (draft.Stem.Count > 0) // one without text was reported at its option A
                {
                    questions.Add(new PortableQuestion(
                        $"q-{questions.Count + 1}", QuestionType.Single, [], [], null, false, MultipleScoring.AllOrNothing,
                        MarkdownText.Escape(string.Join('\n', draft.Stem)),
                        draft.Options.Select((o, n) => new PortableOption(MarkdownText.Escape(o), n == index, "")).ToList(), "", draft.Line));
                }
                draft = null;
            }
            else if (option.Success && draft is not null && letter == 'A' + draft.Options.Count)
            {
                draft.Options.Add(option.Groups[2].Value.Trim());
            }
            else if (option.Success && draft is { Options.Count: > 0 })
            {
                if (!draft.Broken)
                {
                    errors.Add(new ContentError(file, number, $"Expected option {(char)('A' + draft.Options.Count)} or the 'ANSWER:' line; options run A, B, C, … in order."));
                }
                draft.Broken = true;
            }
            else if (option.Success && draft is null && letter == 'A')
            {
                errors.Add(new ContentError(file, number, "Option A comes before any question text."));
                draft = new Draft(number);
                draft.Options.Add(option.Groups[2].Value.Trim());
            }
            else if (draft is { Options.Count: > 0 })
            {
                // An ANSWER line is missing: that question is dropped and this line starts the next one.
                errors.Add(new ContentError(file, number, $"Expected option {(char)('A' + draft.Options.Count)} or 'ANSWER: X' for the question on line {draft.Line}; is its ANSWER line missing?"));
                draft = new Draft(number);
                draft.Stem.Add(text);
            }
            else
            {
                // Question text: a new question, or one more line of the current one's stem.
                draft ??= new Draft(number);
                draft.Stem.Add(text);
            }
        }
        if (draft is not null)
        {
            errors.Add(new ContentError(file, draft.Line, "The last question has no 'ANSWER: X' line."));
        }
        if (questions.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ContentError(file, 1, "No questions found: expected question text, options 'A. …', 'B. …' and an 'ANSWER: X' line."));
        }
        return (new PortablePool([], questions), errors);
    }
}
