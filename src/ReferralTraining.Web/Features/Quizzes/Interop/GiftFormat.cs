using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

public sealed record GiftExport(string Text, IReadOnlyList<SkippedQuestion> Skipped);

/// <summary>
/// Moodle GIFT, for the question types both sides have: single (one <c>=</c> answer), multiple
/// (<c>~%w%</c> weights, no <c>=</c>) and true/false. The reading rules follow Moodle's own importer
/// (qformat_gift): a blank line ends a question, <c>//</c> lines are comments, the first <c>{…}</c>
/// holds the answers, <c>#</c> starts feedback, the last <c>####</c> starts general feedback, and
/// <c>\~ \= \# \{ \} \: \n \\</c> are literal characters.
/// What GIFT cannot say (objectives, sources, case, scoring rule, fixed order) travels in
/// <c>// [rt] key: value</c> comment lines, which Moodle ignores and <see cref="Import"/> restores.
/// </summary>
public static partial class GiftFormat
{
    private const string Specials = "~=#{}:";
    private const string MetaPrefix = "// [rt] ";

    // Escaped characters become private-use placeholders while the structure is parsed, as Moodle does. The block of
    // 128 placeholders is chosen per import among those the text does not use, so a literal private-use character in
    // quiz text comes through unchanged. Import is synchronous, so a thread-static holds the choice for its helpers.
    [ThreadStatic]
    private static char placeholderBase;

    private static char ChoosePlaceholderBase(string gift)
    {
        for (var start = 0xE000; start + 128 <= 0xF900; start += 128)
        {
            if (!gift.AsSpan().ContainsAnyInRange((char)start, (char)(start + 127)))
            {
                return (char)start;
            }
        }
        // Only a text using characters from all 50 private-use blocks gets here; none is quiz text.
        throw new FormatException("The GIFT text uses characters from every private-use block (U+E000–U+F8FF); remove them and import again.");
    }

    private enum TextFormat { Moodle, Html, Plain, Markdown }

    [GeneratedRegex(@"^\[(moodle|html|plain|markdown)\]", RegexOptions.IgnoreCase)]
    private static partial Regex FormatMarker();

    // [0-9], not \d: double.Parse reads ASCII digits only.
    [GeneratedRegex(@"^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")]
    private static partial Regex Weight();

    [GeneratedRegex(@"^\[rt\]\s*case-text\s+([^\s:]+):\s?(.*)$")]
    private static partial Regex CaseTextMeta();

    [GeneratedRegex(@"^\[rt\]\s*([a-z-]+):\s*(.*)$")]
    private static partial Regex Meta();

    // ---------------------------------------------------------------- export

    /// <param name="title">Names the pool in the file's opening comment (e.g. course id and version).</param>
    public static GiftExport Export(PortablePool pool, string title)
    {
        var skipped = pool.Questions.Where(q => q.Type == QuestionType.Ordering)
            .Select(q => new SkippedQuestion(q.Id, q.Line, "ordering questions have no GIFT equivalent")).ToList();
        var exported = pool.Questions.Where(q => q.Type != QuestionType.Ordering).ToList();

        var text = new StringBuilder();
        text.Append("// ").Append(OneLine(title)).Append(": ReferralTraining quiz pool as Moodle GIFT.\n");
        text.Append("// Lines starting with \"// [rt]\" keep what GIFT cannot express; Moodle ignores them, quiz-import restores them.\n");
        foreach (var skip in skipped)
        {
            text.Append(MetaPrefix).Append("skipped ").Append(skip.Name).Append(": ").Append(skip.Reason).Append('\n');
        }
        // Moodle has no shared case text: each question carries its case above the stem, and the case is
        // defined once here so that the importer can take it back out.
        var cases = pool.Cases.Where(c => exported.Any(q => q.CaseId == c.Id)).ToDictionary(c => c.Id, c => c.Text.Trim());
        foreach (var (id, caseText) in cases)
        {
            text.Append(MetaPrefix).Append("case-text ").Append(id).Append(": ").Append(Escape(caseText)).Append('\n');
        }

        foreach (var question in exported)
        {
            text.Append('\n');
            WriteQuestion(text, question, cases);
        }
        return new GiftExport(text.ToString(), skipped);
    }

    private static void WriteQuestion(StringBuilder text, PortableQuestion question, Dictionary<string, string> cases)
    {
        if (question.ObjectiveIds.Count > 0)
        {
            text.Append(MetaPrefix).Append("objectives: ").AppendJoin(", ", question.ObjectiveIds).Append('\n');
        }
        if (question.SourceIds.Count > 0)
        {
            text.Append(MetaPrefix).Append("sources: ").AppendJoin(", ", question.SourceIds).Append('\n');
        }
        var stem = question.Stem.Trim();
        if (question.CaseId is not null && cases.TryGetValue(question.CaseId, out var caseText))
        {
            text.Append(MetaPrefix).Append("case: ").Append(question.CaseId).Append('\n');
            stem = caseText + "\n\n" + stem;
        }
        if (question.Type == QuestionType.Multiple)
        {
            // GIFT weights are partial credit; all-or-nothing has no GIFT form, so it is noted for the way back.
            text.Append(MetaPrefix).Append("scoring: ").Append(question.Scoring == MultipleScoring.Partial ? "partial" : "all-or-nothing").Append('\n');
        }
        if (question.KeepOrder)
        {
            text.Append(MetaPrefix).Append("keep-order: yes\n");
        }

        text.Append("::").Append(Escape(question.Id)).Append("::[markdown]").Append(Escape(stem));
        if (question.Type == QuestionType.TrueFalse)
        {
            // GIFT's true/false feedback is {answer#shown-if-wrong#shown-if-right}, not per choice.
            var answer = question.Options[0].Correct;
            var right = question.Options[answer ? 0 : 1].Feedback;
            var wrong = question.Options[answer ? 1 : 0].Feedback;
            text.Append('{').Append(answer ? "TRUE" : "FALSE");
            if (wrong.Length > 0 || right.Length > 0)
            {
                text.Append('#').Append(Answer(wrong));
            }
            if (right.Length > 0)
            {
                text.Append('#').Append(Answer(right));
            }
            if (question.GeneralFeedback.Length > 0)
            {
                text.Append("####").Append(Answer(question.GeneralFeedback));
            }
            text.Append("}\n");
            return;
        }

        text.Append("{\n");
        var share = 100.0 / Math.Max(1, question.Options.Count(o => o.Correct));
        foreach (var option in question.Options)
        {
            text.Append('\t');
            if (question.Type == QuestionType.Single)
            {
                text.Append(option.Correct ? "=" : "~");
                if (!option.Correct && Weight().IsMatch(option.Text))
                {
                    // A wrong answer that itself starts like "%50%" gets an explicit 0 weight, so it is not read as one.
                    text.Append("%0%");
                }
            }
            else
            {
                // Each right choice earns a share and each wrong one loses a share, floored at 0:
                // our partial rule exactly, and Moodle's multiple-answer grading.
                text.Append("~%").Append((option.Correct ? share : -share).ToString("0.#####", CultureInfo.InvariantCulture)).Append('%');
            }
            text.Append(Answer(option.Text));
            if (option.Feedback.Length > 0)
            {
                text.Append('#').Append(Answer(option.Feedback));
            }
            text.Append('\n');
        }
        if (question.GeneralFeedback.Length > 0)
        {
            text.Append("\t####").Append(Answer(question.GeneralFeedback)).Append('\n');
        }
        text.Append("}\n");
    }

    /// <summary>Answer and feedback texts inherit the question's [markdown]; one that starts like a format marker is marked again.</summary>
    private static string Answer(string text) => (FormatMarker().IsMatch(text) ? "[markdown]" : "") + Escape(text);

    /// <summary>Backslash before GIFT's special characters and before a backslash; line breaks as \n.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == '\n')
            {
                escaped.Append("\\n");
            }
            else if (c == '\\' || Specials.Contains(c))
            {
                escaped.Append('\\').Append(c);
            }
            else if (c != '\r')
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    // ---------------------------------------------------------------- import

    /// <summary>Reads GIFT text; questions of types quiz.md lacks, or that do not fit its rules, are skipped with a reason.</summary>
    public static GiftImport Import(string gift)
    {
        placeholderBase = ChoosePlaceholderBase(gift);
        var blocks = Blocks(gift);
        // Case texts first (in file order), so that questions anywhere can refer to them.
        var cases = new OrderedDictionary<string, string>();
        foreach (var (_, text) in blocks.SelectMany(b => b))
        {
            var match = CaseTextMeta().Match(CommentBody(text) ?? "");
            if (match.Success)
            {
                cases[match.Groups[1].Value] = Block(Unprotect(Protect(match.Groups[2].Value)));
            }
        }

        var questions = new List<PortableQuestion>();
        var skipped = new List<SkippedQuestion>();
        var weightChanges = new List<WeightChange>();
        var ids = new HashSet<string>();
        var ordinal = 0;
        foreach (var block in blocks)
        {
            var meta = new Dictionary<string, string>();
            var body = new List<(int Line, string Text)>();
            foreach (var (line, text) in block)
            {
                var comment = CommentBody(text);
                if (comment is not null)
                {
                    var match = Meta().Match(comment);
                    if (match.Success)
                    {
                        meta[match.Groups[1].Value] = match.Groups[2].Value.Trim();
                    }
                }
                else if (!text.TrimStart().StartsWith("$CATEGORY:", StringComparison.Ordinal))
                {
                    body.Add((line, text.Trim()));
                }
            }
            if (body.Count == 0)
            {
                continue;
            }
            ordinal++;
            var (question, skip, weightChange) = ReadQuestion(string.Join('\n', body.Select(b => b.Text)), body[0].Line, ordinal, meta, cases);
            if (skip is not null)
            {
                skipped.Add(skip);
                continue;
            }
            var id = question!.Id;
            for (var n = 2; !ids.Add(id); n++)
            {
                id = $"{question.Id}-{n}";
            }
            questions.Add(question with { Id = id });
            if (weightChange is not null)
            {
                weightChanges.Add(new WeightChange(id, question.Line, weightChange));
            }
        }

        var usedCases = cases.Where(c => questions.Any(q => q.CaseId == c.Key)).Select(c => new PortableCase(c.Key, c.Value)).ToList();
        return new GiftImport(new PortablePool(usedCases, questions), skipped, weightChanges);
    }

    /// <summary>Runs of non-blank lines, each line with its 1-based number: in GIFT a blank line ends a question.</summary>
    private static List<List<(int Line, string Text)>> Blocks(string gift)
    {
        var blocks = new List<List<(int, string)>>();
        var current = new List<(int, string)>();
        var lines = gift.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                if (current.Count > 0)
                {
                    blocks.Add(current);
                    current = [];
                }
                continue;
            }
            current.Add((i + 1, lines[i].TrimStart('\uFEFF')));
        }
        if (current.Count > 0)
        {
            blocks.Add(current);
        }
        return blocks;
    }

    private static string? CommentBody(string line)
    {
        var trimmed = line.Trim();
        return trimmed.StartsWith("//", StringComparison.Ordinal) ? trimmed[2..].Trim() : null;
    }

    private static (PortableQuestion? Question, SkippedQuestion? Skip, string? WeightChange) ReadQuestion(
        string raw, int line, int ordinal, Dictionary<string, string> meta, OrderedDictionary<string, string> cases)
    {
        var source = Protect(raw);
        string? title = null;
        if (source.StartsWith("::", StringComparison.Ordinal))
        {
            var end = source.IndexOf("::", 2, StringComparison.Ordinal);
            if (end >= 0)
            {
                title = Unprotect(source[2..end]).Trim();
                source = source[(end + 2)..].Trim();
            }
            else
            {
                source = source[2..];
            }
        }

        var open = source.IndexOf('{');
        var close = open < 0 ? source.IndexOf('}') : source.IndexOf('}', open);
        var name = string.IsNullOrEmpty(title) ? Shorten(Unprotect(open < 0 ? source : source[..open])) : title;
        (PortableQuestion?, SkippedQuestion?, string?) Skip(string reason) => (null, new SkippedQuestion(name, line, reason), null);

        if (open < 0 && close < 0)
        {
            return Skip("no answers ({…}): a description, not a question");
        }
        if (open < 0 || close < 0)
        {
            return Skip("'{' and '}' do not pair up (a blank line ends a question; write a literal brace as \\{ or \\})");
        }
        if (source[(close + 1)..].Trim().Length > 0)
        {
            return Skip("missing-word question (answers inside the sentence) has no quiz.md equivalent");
        }

        var answers = source[(open + 1)..close].Trim();
        var generalSource = "";
        var separator = answers.LastIndexOf("####", StringComparison.Ordinal);
        if (separator >= 0)
        {
            generalSource = answers[(separator + 4)..];
            answers = answers[..separator].Trim();
        }
        var (format, stem) = Text(source[..open], TextFormat.Moodle, oneLine: false);
        var general = Text(generalSource, format, oneLine: true).Text;
        if (stem.Length == 0)
        {
            return Skip("no question text");
        }

        // Type detection in Moodle's order.
        if (answers.Length == 0)
        {
            return Skip("essay question has no quiz.md equivalent");
        }
        if (answers[0] == '#')
        {
            return Skip("numerical question has no quiz.md equivalent");
        }
        var trueFalse = answers.Split('#', 2)[0].Trim().ToUpperInvariant();
        PortableQuestion question;
        string? weightChange = null;
        if (answers.Contains('~', StringComparison.Ordinal))
        {
            var (multichoice, reason, change) = ReadChoices(answers, format, meta);
            weightChange = change;
            if (multichoice is null)
            {
                return Skip(reason!);
            }
            question = multichoice with { Stem = stem, GeneralFeedback = general };
        }
        else if (answers.Contains('=', StringComparison.Ordinal) && answers.Contains("->", StringComparison.Ordinal))
        {
            return Skip("matching question has no quiz.md equivalent");
        }
        else if (trueFalse is "T" or "TRUE" or "F" or "FALSE")
        {
            // {answer#feedback if the learner is wrong#feedback if right}, as Moodle reads it.
            var bits = answers.Split('#', 3);
            var answer = trueFalse is "T" or "TRUE";
            var wrong = bits.Length > 1 ? Text(bits[1], format, oneLine: true).Text : "";
            var right = bits.Length > 2 ? Text(bits[2], format, oneLine: true).Text : "";
            question = PortableQuestion.TrueFalse("", stem, answer, answer ? right : wrong, answer ? wrong : right, general, line);
        }
        else
        {
            return Skip("short-answer question (only '=' answers) has no quiz.md equivalent");
        }

        var id = Slug(title) ?? $"q-{ordinal}";
        string? caseId = null;
        if (meta.TryGetValue("case", out var caseRef) && cases.TryGetValue(caseRef, out var caseText)
            && stem.StartsWith(caseText + "\n\n", StringComparison.Ordinal) && stem.Length > caseText.Length + 2)
        {
            caseId = caseRef;
            stem = stem[(caseText.Length + 2)..];
        }
        return (question with
        {
            Id = id,
            Stem = stem,
            CaseId = caseId,
            ObjectiveIds = List(meta, "objectives"),
            SourceIds = List(meta, "sources"),
            KeepOrder = meta.TryGetValue("keep-order", out var keep) && keep.Equals("yes", StringComparison.OrdinalIgnoreCase),
            Line = line,
        }, null, weightChange);
    }

    /// <summary>A multiple-choice answer set: one '=' answer is a single question; weights only, a multiple one.</summary>
    private static (PortableQuestion? Question, string? Reason, string? WeightChange) ReadChoices(string answers, TextFormat format, Dictionary<string, string> meta)
    {
        var parts = answers.Replace("=", "~=", StringComparison.Ordinal).Split('~').Select(p => p.Trim()).ToList();
        if (parts[0].Length == 0)
        {
            parts.RemoveAt(0);
        }
        var choices = new List<(bool Exact, double Weight, PortableOption Option)>();
        foreach (var part in parts)
        {
            var rest = part;
            var exact = rest.StartsWith('=');
            var weight = 0.0;
            if (exact)
            {
                rest = rest[1..];
                weight = 100;
            }
            else if (Weight().Match(rest) is { Success: true } match)
            {
                weight = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                rest = rest[match.Length..];
            }
            var bits = rest.Split('#', 2);
            var text = Text(bits[0], format, oneLine: true).Text;
            if (text.Length == 0)
            {
                return (null, "an answer has no text", null);
            }
            var feedback = bits.Length > 1 ? Text(bits[1], format, oneLine: true).Text : "";
            choices.Add((exact, weight, new PortableOption(text, false, feedback)));
        }
        if (choices.Count is < 2 or > 8)
        {
            return (null, $"has {choices.Count} answer(s); quiz.md questions have 2 to 8", null);
        }

        var exactCount = choices.Count(c => c.Exact);
        if (exactCount > 0)
        {
            if (exactCount > 1 || choices.Any(c => !c.Exact && c.Weight > 0))
            {
                return (null, "gives credit to more than one answer of a single-answer question; a quiz.md single question has exactly one right answer", null);
            }
            return (Question(QuestionType.Single, MultipleScoring.AllOrNothing, choices.Select(c => c.Option with { Correct = c.Exact })), null, null);
        }
        if (!choices.Any(c => c.Weight > 0))
        {
            return (null, "no answer earns credit", null);
        }
        // Unequal positive weights become equal shares: quiz.md's partial rule has no per-answer weights.
        var scoring = meta.TryGetValue("scoring", out var rule) && rule.Equals("all-or-nothing", StringComparison.OrdinalIgnoreCase)
            ? MultipleScoring.AllOrNothing
            : MultipleScoring.Partial;
        var weights = choices.Select(c => c.Weight).ToList();
        return (Question(QuestionType.Multiple, scoring, choices.Select(c => c.Option with { Correct = c.Weight > 0 })), null, WeightChangeOf(weights, scoring));

        static PortableQuestion Question(QuestionType type, MultipleScoring scoring, IEnumerable<PortableOption> options) =>
            new("", type, [], [], null, false, scoring, "", options.ToList(), "", 0);
    }

        /// <summary>
    /// How the file's weights differ from what quiz.md will score, or null when they are the same: with k right
    /// answers, <c>partial</c> gives each right one 100/k % and takes 100/k % for each wrong one chosen;
    /// <c>all-or-nothing</c> gives full marks only for exactly the right set.
    /// </summary>
    private static string? WeightChangeOf(IReadOnlyList<double> weights, MultipleScoring scoring)
    {
        var right = weights.Where(w => w > 0).ToList();
        var wrong = weights.Where(w => w <= 0).ToList();
        var share = 100.0 / right.Count;
        static bool Near(double a, double b) => Math.Abs(a - b) < 0.01;
        static string Percent(double w) => w.ToString("0.#####", CultureInfo.InvariantCulture) + "%";
        var rightChanged = right.Any(w => !Near(w, share));
        var wrongChanged = wrong.Any(w => !Near(w, -share));
        if (!rightChanged && !wrongChanged)
        {
            return null;
        }
        var given = $"right answers {string.Join(", ", right.Select(Percent))}" + (wrong.Count == 0 ? "" : $", wrong answers {string.Join(", ", wrong.Select(Percent))}");
        return scoring == MultipleScoring.AllOrNothing
            ? $"{given} became all-or-nothing scoring (full marks only for exactly the right set), as its [rt] scoring line says"
            : $"{given} became equal shares (partial scoring): each right answer {Percent(share)}, each wrong answer chosen {Percent(-share)}";
    }

/// <summary>One text field: its own format marker or the question's, unescaped, HTML turned into Markdown.</summary>
    private static (TextFormat Format, string Text) Text(string source, TextFormat inherited, bool oneLine)
    {
        var text = source.Trim();
        var format = inherited;
        var marker = FormatMarker().Match(text);
        if (marker.Success)
        {
            format = Enum.Parse<TextFormat>(marker.Groups[1].Value, ignoreCase: true);
            text = text[marker.Length..];
        }
        text = Unprotect(text);
        // Only [markdown] text is Markdown; the others show their characters as typed, so they are escaped.
        if (format is TextFormat.Html or TextFormat.Moodle)
        {
            text = HtmlToMarkdown(MarkdownText.EscapeOutsideTags(text, AnyTag()));
        }
        else if (format is TextFormat.Plain)
        {
            text = MarkdownText.Escape(text);
        }
        return (format, oneLine ? QuizMarkdownWriter.OneLine(text) : Block(text));
    }

    private static string Protect(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] is '\\' or 'n' || Specials.Contains(text[i + 1])))
            {
                result.Append((char)(placeholderBase + (text[i + 1] == 'n' ? '\n' : text[i + 1])));
                i++;
            }
            else
            {
                result.Append(text[i]);
            }
        }
        return result.ToString();
    }

    private static string Unprotect(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c >= placeholderBase && c < placeholderBase + 128 ? (char)(c - placeholderBase) : c);
        }
        return result.ToString();
    }

    // ---------------------------------------------------------------- text helpers

    [GeneratedRegex(@"</?p(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphTag();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakTag();

    [GeneratedRegex(@"</?(strong|b)(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex BoldTag();

    [GeneratedRegex(@"</?(em|i)(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex ItalicTag();

    [GeneratedRegex(@"<a\s[^>]*href=""(https://[^""]+)""[^>]*>(.*?)</a>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HttpsLink();

    [GeneratedRegex(@"<li(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItemTag();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ManyBlankLines();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonIdCharacters();

    [GeneratedRegex(@"['’]")]
    private static partial Regex Apostrophe();

    /// <summary>
    /// Moodle texts are often HTML; quiz.md renders Markdown with HTML off. The common inline tags are
    /// translated and the rest dropped: the author reviews the result in the pull request anyway.
    /// </summary>
    private static string HtmlToMarkdown(string html)
    {
        if (!html.Contains('<', StringComparison.Ordinal) && !html.Contains('&', StringComparison.Ordinal))
        {
            return html;
        }
        var text = HttpsLink().Replace(html, "[$2]($1)");
        text = ParagraphTag().Replace(text, "\n\n");
        text = BreakTag().Replace(text, "\n");
        text = BoldTag().Replace(text, "**");
        text = ItalicTag().Replace(text, "*");
        text = ListItemTag().Replace(text, "\n- ");
        text = AnyTag().Replace(text, "");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        return ManyBlankLines().Replace(string.Join('\n', text.Split('\n').Select(l => l.Trim())), "\n\n");
    }

    /// <summary>A multi-line text as quiz.md keeps it: trimmed, blank lines empty.</summary>
    private static string Block(string text) =>
        string.Join('\n', text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => string.IsNullOrWhiteSpace(l) ? "" : l)).Trim();

    private static string OneLine(string text) => QuizMarkdownWriter.OneLine(text);

    private static string Shorten(string text)
    {
        var line = OneLine(text);
        return line.Length <= 50 ? line : line[..47] + "...";
    }

    private static IReadOnlyList<string> List(Dictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out var value) ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];

    /// <summary>A quiz.md id from a GIFT title: lowercase letters, digits and single hyphens, accents dropped.</summary>
    public static string? Slug(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }
        var letters = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                letters.Append(char.ToLowerInvariant(c));
            }
        }
        var slug = NonIdCharacters().Replace(Apostrophe().Replace(letters.ToString(), ""), "-").Trim('-');
        if (slug.Length > 60)
        {
            slug = slug[..60];
            slug = slug.Contains('-', StringComparison.Ordinal) ? slug[..slug.LastIndexOf('-')] : slug;
        }
        return slug.Length == 0 ? null : slug;
    }
}
