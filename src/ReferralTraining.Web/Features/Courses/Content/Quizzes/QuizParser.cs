using System.Text;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses.Content.Quizzes;

/// <summary>
/// Reads a course's <c>quiz.md</c> (format in docs/authoring.md). Line-based on purpose: every question
/// keeps the line it starts on, so errors and item statistics point back to the source.
/// </summary>
public sealed partial class QuizParser(MarkdownRenderer renderer)
{
    public const string FileName = "quiz.md";

    private static readonly string[] HeaderKeys = ["type", "objectives", "sources", "case", "keep option order", "scoring", "answer"];

    [GeneratedRegex(@"^##\s+(Case|Question):\s*(.*?)\s*$")]
    private static partial Regex BlockHeading();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z ]*?):\s*(.*)$")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^- \[([ xX])\]\s+(.+)$")]
    private static partial Regex OptionLine();

    // [0-9], not \d: int.Parse reads ASCII digits only.
    [GeneratedRegex(@"^([0-9]+)\.\s+(.+)$")]
    private static partial Regex StepLine();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    private sealed class RawOption
    {
        public bool Correct;
        public StringBuilder Text = new();
        public StringBuilder Feedback = new();
        public int Line;
    }

    private sealed record Block(string Kind, string Id, int Line, List<(int Line, string Text)> Lines);

    public (IReadOnlyList<QuizCase> Cases, IReadOnlyList<QuizQuestion> Questions) Parse(
        string text, string file, IReadOnlyList<Objective> objectives, IReadOnlyDictionary<string, Reference> references, List<ContentError> errors)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            var heading = BlockHeading().Match(lines[i]);
            if (heading.Success)
            {
                blocks.Add(new Block(heading.Groups[1].Value, heading.Groups[2].Value, i + 1, []));
            }
            else if (blocks.Count > 0)
            {
                blocks[^1].Lines.Add((i + 1, lines[i]));
            }
            else if (!string.IsNullOrWhiteSpace(lines[i]) && !lines[i].StartsWith('#'))
            {
                errors.Add(new ContentError(file, i + 1, "Text before the first '## Question:' or '## Case:' heading."));
            }
        }

        var none = new Dictionary<string, string>();
        var cases = new List<QuizCase>();
        foreach (var block in blocks.Where(b => b.Kind == "Case"))
        {
            CheckId(block, file, errors);
            if (cases.Any(c => c.Id == block.Id))
            {
                errors.Add(new ContentError(file, block.Line, $"Duplicate case id '{block.Id}'."));
                continue;
            }
            var body = string.Join('\n', block.Lines.Select(l => l.Text));
            if (string.IsNullOrWhiteSpace(body))
            {
                errors.Add(new ContentError(file, block.Line, $"Case '{block.Id}' has no text."));
            }
            cases.Add(new QuizCase(block.Id, renderer.Render(body, file, block.Line, references, none, errors).Html, block.Line) { Markdown = body.Trim() });
        }

        var questions = new List<QuizQuestion>();
        foreach (var block in blocks.Where(b => b.Kind == "Question"))
        {
            CheckId(block, file, errors);
            if (questions.Any(q => q.Id == block.Id))
            {
                errors.Add(new ContentError(file, block.Line, $"Duplicate question id '{block.Id}'."));
                continue;
            }
            var question = ParseQuestion(block, file, objectives, references, cases, errors);
            if (question is not null)
            {
                questions.Add(question);
            }
        }
        if (questions.Count == 0)
        {
            errors.Add(new ContentError(file, 1, "The pool has no questions ('## Question: <id>' blocks)."));
        }
        return (cases, questions);
    }

    private QuizQuestion? ParseQuestion(
        Block block, string file, IReadOnlyList<Objective> objectives, IReadOnlyDictionary<string, Reference> references,
        List<QuizCase> cases, List<ContentError> errors)
    {
        var errorCount = errors.Count;
        var (header, bodyStart) = ReadHeader(block, file, errors);
        var head = ReadHeaderValues(header, block, file, objectives, references, cases, errors);
        var body = ReadBody(block, bodyStart, head.Type, file, errors);
        var stem = body.Stem;
        if (stem.Length == 0)
        {
            errors.Add(new ContentError(file, block.Line, $"Question '{block.Id}' has no stem (the question text after the header lines)."));
        }
        var rendered = RenderAnswers(block, head.Type, header, body, file, references, errors);
        if (head.Type != QuestionType.TrueFalse && header.TryGetValue("Answer", out var stray))
        {
            errors.Add(new ContentError(file, stray.Line, "'Answer' applies only to true-false questions; mark correct options with '- [x]'."));
        }

        if (errors.Count > errorCount || head.Type is null)
        {
            return null;
        }
        var stemHtml = renderer.Render(stem, file, Math.Max(body.StemLine, block.Line) - 1, references, new Dictionary<string, string>(), errors).Html;
        var generalHtml = body.General.Length == 0 ? "" : Inline(body.General, file, block.Line, references, errors);
        return new QuizQuestion(block.Id, head.Type.Value, head.ObjectiveIds, head.SourceIds, head.CaseId, head.KeepOrder, head.Scoring, stem, stemHtml,
            rendered, generalHtml, file, block.Line)
        {
            GeneralFeedbackMarkdown = body.General,
        };
    }

    /// <summary>The header lines ('Key: value') up to the first blank line; returns them and the index of that line.</summary>
    private static (Dictionary<string, (string Value, int Line)> Header, int End) ReadHeader(Block block, string file, List<ContentError> errors)
    {
        var header = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        while (index < block.Lines.Count && string.IsNullOrWhiteSpace(block.Lines[index].Text))
        {
            index++;
        }
        for (; index < block.Lines.Count; index++)
        {
            var (line, text) = block.Lines[index];
            if (string.IsNullOrWhiteSpace(text))
            {
                break;
            }
            var match = HeaderLine().Match(text);
            if (!match.Success)
            {
                errors.Add(new ContentError(file, line, "Expected a header line 'Key: value' (Type, Objectives, Sources, …) or a blank line before the stem."));
                break;
            }
            var key = match.Groups[1].Value.Trim();
            if (!HeaderKeys.Contains(key.ToLowerInvariant()))
            {
                errors.Add(new ContentError(file, line, $"Unknown header '{key}'. Allowed: Type, Objectives, Sources, Case, Keep option order, Scoring, Answer."));
                continue;
            }
            if (!header.TryAdd(key, (match.Groups[2].Value.Trim(), line)))
            {
                errors.Add(new ContentError(file, line, $"Header '{key}' is given twice."));
            }
        }

        return (header, index);
    }

    private sealed record QuestionHeader(QuestionType? Type, List<string> ObjectiveIds, List<string> SourceIds, string? CaseId, bool KeepOrder,
        MultipleScoring Scoring);

    private static QuestionHeader ReadHeaderValues(Dictionary<string, (string Value, int Line)> header, Block block, string file,
        IReadOnlyList<Objective> objectives, IReadOnlyDictionary<string, Reference> references, List<QuizCase> cases, List<ContentError> errors)
    {
        QuestionType? type = header.TryGetValue("Type", out var typeValue)
            ? typeValue.Value.ToLowerInvariant() switch
            {
                "single" => QuestionType.Single,
                "multiple" => QuestionType.Multiple,
                "true-false" => QuestionType.TrueFalse,
                "ordering" => QuestionType.Ordering,
                _ => null,
            }
            : null;
        if (type is null)
        {
            errors.Add(new ContentError(file, header.TryGetValue("Type", out var t) ? t.Line : block.Line,
                "Header 'Type' must be one of: single, multiple, true-false, ordering."));
        }

        var objectiveIds = List(header, "Objectives", block, file, errors);
        foreach (var id in objectiveIds.Where(id => !objectives.Any(o => o.Id == id)))
        {
            errors.Add(new ContentError(file, header["Objectives"].Line, $"Objective '{id}' is not defined in course.md."));
        }
        var sourceIds = List(header, "Sources", block, file, errors);
        foreach (var id in sourceIds.Where(id => !references.ContainsKey(id)))
        {
            errors.Add(new ContentError(file, header["Sources"].Line, $"Source '{id}' is not a reference id in course.md."));
        }
        string? caseId = null;
        if (header.TryGetValue("Case", out var caseValue))
        {
            caseId = caseValue.Value;
            if (!cases.Any(c => c.Id == caseId))
            {
                errors.Add(new ContentError(file, caseValue.Line, $"Case '{caseId}' is not defined in this file ('## Case: {caseId}')."));
            }
        }
        var keepOrder = header.TryGetValue("Keep option order", out var keep) && Bool(keep, file, errors);
        var scoring = MultipleScoring.AllOrNothing;
        if (header.TryGetValue("Scoring", out var scoringValue))
        {
            if (type != QuestionType.Multiple)
            {
                errors.Add(new ContentError(file, scoringValue.Line, "'Scoring' applies only to multiple questions."));
            }
            else if (scoringValue.Value.Equals("partial", StringComparison.OrdinalIgnoreCase))
            {
                scoring = MultipleScoring.Partial;
            }
            else if (!scoringValue.Value.Equals("all-or-nothing", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new ContentError(file, scoringValue.Line, "'Scoring' must be all-or-nothing or partial."));
            }
        }
        else if (type == QuestionType.Multiple)
        {
            errors.Add(new ContentError(file, block.Line, "A multiple question must state its rule: 'Scoring: all-or-nothing' or 'Scoring: partial'."));
        }

        return new QuestionHeader(type, objectiveIds, sourceIds, caseId, keepOrder, scoring);
    }

    /// <summary>What follows the header: the stem, then options or steps, then feedback lines.</summary>
    private sealed record QuestionBody(string Stem, List<RawOption> Options, string General, string? FeedbackTrue, string? FeedbackFalse, int StemLine);

    private static QuestionBody ReadBody(Block block, int index, QuestionType? type, string file, List<ContentError> errors)
    {
        // Body: stem, then options/steps, then feedback lines.
        var stem = new StringBuilder();
        var options = new List<RawOption>();
        var general = new StringBuilder();
        string? feedbackTrue = null, feedbackFalse = null;
        var inGeneral = false;
        var stemLine = 0;
        for (index++; index < block.Lines.Count; index++)
        {
            var (line, text) = block.Lines[index];
            var option = OptionLine().Match(text);
            var step = StepLine().Match(text);
            if (option.Success || (step.Success && type == QuestionType.Ordering))
            {
                inGeneral = false;
                if (option.Success && type == QuestionType.Ordering)
                {
                    errors.Add(new ContentError(file, line, "Ordering questions list their steps as '1. …', '2. …' in the correct order, not as '- [x]' options."));
                }
                if (step.Success && (!int.TryParse(step.Groups[1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    || number != options.Count + 1))
                {
                    errors.Add(new ContentError(file, line, $"Step numbers must run 1, 2, 3, …; expected {options.Count + 1}."));
                }
                var raw = new RawOption { Line = line, Correct = option.Success && option.Groups[1].Value is "x" or "X" };
                raw.Text.Append(option.Success ? option.Groups[2].Value : step.Groups[2].Value);
                options.Add(raw);
                continue;
            }
            // A line of spaces only is a blank line, not a continuation (it would add a stray space to the option).
            if (text.StartsWith("  ", StringComparison.Ordinal) && options.Count > 0 && !inGeneral && !string.IsNullOrWhiteSpace(text))
            {
                var trimmed = text.Trim();
                var current = options[^1];
                if (trimmed.StartsWith("Feedback:", StringComparison.Ordinal))
                {
                    current.Feedback.Append(trimmed["Feedback:".Length..].Trim());
                }
                else if (current.Feedback.Length > 0)
                {
                    current.Feedback.Append(' ').Append(trimmed);
                }
                else
                {
                    current.Text.Append(' ').Append(trimmed);
                }
                continue;
            }
            if (text.StartsWith("Feedback if true:", StringComparison.Ordinal))
            {
                feedbackTrue = text["Feedback if true:".Length..].Trim();
                inGeneral = false;
                continue;
            }
            if (text.StartsWith("Feedback if false:", StringComparison.Ordinal))
            {
                feedbackFalse = text["Feedback if false:".Length..].Trim();
                inGeneral = false;
                continue;
            }
            if (text.StartsWith("Feedback:", StringComparison.Ordinal))
            {
                general.Append(text["Feedback:".Length..].Trim());
                inGeneral = true;
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                if (stem.Length > 0 && options.Count == 0 && !inGeneral)
                {
                    stem.Append('\n');
                }
                inGeneral = false;
                continue;
            }
            if (inGeneral)
            {
                general.Append(' ').Append(text.Trim());
                continue;
            }
            if (options.Count > 0 || general.Length > 0 || feedbackTrue is not null)
            {
                errors.Add(new ContentError(file, line, "Unexpected text after the answers: options must be indented feedback, or a 'Feedback:' line."));
                continue;
            }
            if (stem.Length == 0)
            {
                stemLine = line;
            }
            stem.Append(text).Append('\n');
        }

        return new QuestionBody(stem.ToString().Trim(), options, general.ToString(), feedbackTrue, feedbackFalse, stemLine);
    }

    /// <summary>The options as the learner sees them (true/false and ordering have their own rules), checked for the type.</summary>
    private List<QuizOption> RenderAnswers(Block block, QuestionType? type, Dictionary<string, (string Value, int Line)> header, QuestionBody body,
        string file, IReadOnlyDictionary<string, Reference> references, List<ContentError> errors)
    {
        var options = body.Options;
        var (feedbackTrue, feedbackFalse) = (body.FeedbackTrue, body.FeedbackFalse);
        // Trailing spaces in an option are never meaningful and would not survive a round trip through the writer.
        QuizOption Render(string id, RawOption raw) => new(
            id, raw.Text.ToString().Trim(), Inline(raw.Text.ToString().Trim(), file, raw.Line, references, errors), raw.Correct,
            raw.Feedback.Length == 0 ? "" : Inline(raw.Feedback.ToString(), file, raw.Line, references, errors))
        {
            FeedbackMarkdown = raw.Feedback.ToString(),
        };

        var rendered = new List<QuizOption>();
        switch (type)
        {
            case QuestionType.Single or QuestionType.Multiple:
                if (options.Count is < 2 or > 8)
                {
                    errors.Add(new ContentError(file, block.Line, $"Question '{block.Id}' needs 2 to 8 options ('- [x] …' / '- [ ] …'); it has {options.Count}."));
                }
                var correct = options.Count(o => o.Correct);
                if (correct == 0)
                {
                    errors.Add(new ContentError(file, block.Line, $"Question '{block.Id}' has no correct answer: mark one option '- [x]'."));
                }
                else if (type == QuestionType.Single && correct > 1)
                {
                    errors.Add(new ContentError(file, block.Line, $"Single-answer question '{block.Id}' marks {correct} options correct; use 'Type: multiple' or mark one."));
                }
                rendered.AddRange(options.Select((o, i) => Render(((char)('a' + i)).ToString(), o)));
                break;
            case QuestionType.TrueFalse:
                if (options.Count > 0)
                {
                    errors.Add(new ContentError(file, options[0].Line, "True/false questions take no option list: give 'Answer: true' or 'Answer: false' in the header."));
                }
                if (!header.TryGetValue("Answer", out var answer) || answer.Value.ToLowerInvariant() is not ("true" or "false"))
                {
                    errors.Add(new ContentError(file, header.TryGetValue("Answer", out var a) ? a.Line : block.Line, $"True/false question '{block.Id}' needs 'Answer: true' or 'Answer: false'."));
                }
                else
                {
                    var isTrue = answer.Value.Equals("true", StringComparison.OrdinalIgnoreCase);
                    rendered.Add(new QuizOption("true", "True", "True", isTrue, feedbackTrue is null ? "" : Inline(feedbackTrue, file, block.Line, references, errors))
                    {
                        FeedbackMarkdown = feedbackTrue ?? "",
                    });
                    rendered.Add(new QuizOption("false", "False", "False", !isTrue, feedbackFalse is null ? "" : Inline(feedbackFalse, file, block.Line, references, errors))
                    {
                        FeedbackMarkdown = feedbackFalse ?? "",
                    });
                }
                break;
            case QuestionType.Ordering:
                if (options.Count is < 2 or > 8)
                {
                    errors.Add(new ContentError(file, block.Line, $"Ordering question '{block.Id}' needs 2 to 8 steps; it has {options.Count}."));
                }
                rendered.AddRange(options.Select((o, i) => Render(((char)('a' + i)).ToString(), o) with { Correct = true }));
                break;
        }
        return rendered;
    }

    private string Inline(string markdown, string file, int line, IReadOnlyDictionary<string, Reference> references, List<ContentError> errors)
    {
        var html = renderer.Render(markdown, file, line - 1, references, new Dictionary<string, string>(), errors).Html.Trim();
        // A single paragraph renders as <p>…</p>; inside a label we want just the text.
        return html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal) && html.IndexOf("<p>", 1, StringComparison.Ordinal) < 0
            ? html[3..^4]
            : html;
    }

    private static List<string> List(Dictionary<string, (string Value, int Line)> header, string key, Block block, string file, List<ContentError> errors)
    {
        if (!header.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value.Value))
        {
            errors.Add(new ContentError(file, block.Line, key == "Objectives"
                ? $"Question '{block.Id}' names no objective: add an 'Objectives:' header line with objective ids from course.md (every question names an objective)."
                : $"Question '{block.Id}' needs a '{key}:' header line."));
            return [];
        }
        return value.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static bool Bool((string Value, int Line) value, string file, List<ContentError> errors)
    {
        switch (value.Value.ToLowerInvariant())
        {
            case "yes" or "true":
                return true;
            case "no" or "false":
                return false;
            default:
                errors.Add(new ContentError(file, value.Line, "'Keep option order' must be yes or no."));
                return false;
        }
    }

    private static void CheckId(Block block, string file, List<ContentError> errors)
    {
        if (!IdPattern().IsMatch(block.Id))
        {
            errors.Add(new ContentError(file, block.Line, $"{block.Kind} id '{block.Id}' must use lowercase letters, digits and hyphens."));
        }
    }
}
