using System.Globalization;
using System.Text;
using AngleSharp.Html.Parser;
using CsCheck;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.UnitTests.Fuzz;

/// <summary>
/// Shared pieces of the hostile-input tests: run settings, the hang detector, mutation generators and the
/// checks every parser's output must pass. See "Fuzz tests" in README.md for the environment variables.
/// </summary>
internal static class Fuzz
{
    /// <summary>Fixed so that every run tries the same inputs; RT_FUZZ_SEED replaces it ("random": a new one each run).</summary>
    private const ulong DefaultSeed = 20_261_126;

    /// <summary>A hang detector, not a performance bound: generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(2);

    public static ulong Seed { get; } = Environment.GetEnvironmentVariable("RT_FUZZ_SEED") switch
    {
        null or "" => DefaultSeed,
        "random" => PCG.ThreadPCG.Next64(),
        var text => ulong.Parse(text, CultureInfo.InvariantCulture),
    };

    /// <summary>RT_FUZZ_SCALE multiplies every property's iteration count (e.g. 50 for a long run).</summary>
    public static int Scale { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("RT_FUZZ_SCALE"), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1;

    /// <summary>
    /// Runs <paramref name="assert"/> on <paramref name="iterations"/> inputs drawn deterministically from <see cref="Seed"/>
    /// (CsCheck's own Sample draws fresh random seeds after the first). On the first failure CsCheck takes over from
    /// that input's seed to shrink it, so the report shows the smallest failing input it found.
    /// </summary>
    public static void Check<T>(Gen<T> gen, Action<T> assert, int iterations, Func<T, string>? print = null)
    {
        var master = new PCG(7, Seed);
        for (var i = 0; i < iterations * Scale; i++)
        {
            var pcg = new PCG(master.Next(), master.Next64());
            var seed = pcg.ToString();
            var input = gen.Generate(pcg, null, out _);
            try
            {
                assert(input);
            }
            catch (Exception ex)
            {
                try
                {
                    gen.Sample(assert, seed: seed, iter: iterations, threads: 1, print: print);
                }
                catch (Exception shrunk)
                {
                    throw new Xunit.Sdk.XunitException($"Input {i} with RT_FUZZ_SEED={Seed} failed. {shrunk.Message}", shrunk);
                }
                throw new Xunit.Sdk.XunitException(
                    $"Input {i} (RT_FUZZ_SEED={Seed}, CsCheck seed {seed}) failed, but not again when CsCheck re-ran it:\n{(print ?? (t => $"{t}"))(input)}\n{ex}");
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> and fails if it has not finished within <see cref="HangLimit"/>.</summary>
    public static T Bounded<T>(Func<T> work)
    {
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // WaitAny, unlike Wait, does not wrap the call's own exception.
        if (Task.WaitAny([task], HangLimit) < 0)
        {
            throw new TimeoutException($"Hang: the call did not return within {HangLimit.TotalSeconds:0} s.");
        }
        return task.GetAwaiter().GetResult();
    }

    public static void Bounded(Action work) => Bounded(() =>
    {
        work();
        return 0;
    });

    // ------------------------------------------------------------------ generators

    /// <summary>Characters that break parsers: controls, NUL, bidi marks, BOM, lone surrogates, private use, wide glyphs.</summary>
    private static readonly string[] NastyChars =
    [
        "\0", "\u0001", "\u0007", "\b", "\t", "\v", "\f", "\r", "\u001B", "\u007F", "\u0085", "\u00A0", "\u2028", "\u2029",
        "\u200B", "\u200D", "\u200E", "\u200F", "\u202A", "\u202E", "\u2066", "\u2069", "\uFEFF", "\uFFFD", "\uFFFF",
        "\uD800", "\uDFFF", "\uE000", "\uE07B", "\uE07D", "😀", "👩‍⚕️", "İ", "ı", "ß", "Ⅻ", "٣", "߃", "१", "𝟗", "ﬁ",
    ];

    /// <summary>Syntax of every format under test, plus classic injection payloads.</summary>
    private static readonly string[] Syntax =
    [
        // YAML
        "---", "...", ":", ": ", "- ", "? ", "|", ">", "&a", "*a", "&a [x, *a]", "!!binary", "!!python/object", "!<tag:x>", "%YAML 1.2", "%TAG ! x",
        "[", "]", "{", "}", "[[[[", "{a: {b: [", "\"", "'", "#", "key: value", "? [a, b]\n: c", "? {x: 1}\n: 2", "[a]: 1", "<<: *a", "~", "null", "0x1F",
        "99999999999999999999", "-1", "1e400", "NaN", ".inf", "2026-02-30", "00", "09-x.md", "٠١-intro.md", "01-intro.md",
        // Markdown and HTML
        "[@smith-2020]", "[@ghost]", "[@a; @b]", "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))", "[x](data:text/html,<script>alert(1)</script>)", "[x](vbscript:msgbox)", "![i](javascript:alert(1))",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<svg onload=alert(1)>",
        "<iframe src=https://evil>", "<style>*{}</style>", "<!--", "-->", "<![CDATA[", "&lt;script&gt;", "&#x3C;script", "`code`", "```", "~~~",
        "> > > >", "* * *", "| a | b |\n|---|---|", "[ref]: javascript:alert(1)", "[x][ref]", "<https://x>", "<javascript:alert(1)>",
        "{#id onclick=alert(1)}", "\\", "\\\\", "*", "**", "_", "__", "~~", "^", "$$", "01-first.md#x", "02-second.md", "../../etc/passwd",
        // quiz.md
        "## Question: q1", "## Case: c1", "## Question: ", "## Question: Bad Id", "Type: single", "Type: multiple", "Type: ordering",
        "Type: true-false", "Objectives: obj-one", "Sources: smith-2020", "Case: c1", "Scoring: partial", "Answer: true", "Keep option order: maybe",
        "- [x] ", "- [ ] ", "- [X] a", "1. ", "2. step", "99999999999. step", "٣. step", "  Feedback: ", "Feedback if true: ", "Feedback: ",
        // GIFT and Aiken
        "::", "::t::", "=", "~", "~=", "#", "####", "{T}", "{FALSE}", "%50%", "%-100%", "%٥٠%", "%999%", "->", "$CATEGORY:", "// [rt] case-text c: x",
        "// [rt] objectives: a, b", "// [rt] case: c", "// [rt] scoring: all-or-nothing", "[markdown]", "[html]", "[moodle]", "\\{", "\\}", "\\~", "\\=",
        "\\#", "\\:", "\\n", "<p>", "</p>", "<a href=\"https://x\">", "</a>", "&amp;", "&#0;", "&#xD800;", "A. ", "B) ", "ANSWER: A", "ANSWER: Z", "ANSWER:",
        // CSV
        ",", "\"\"", "\",\"", "code", "CODE", "=cmd|' /C calc'!A0", "@SUM(1)", "+1", "-1", ";", "\"code\"",
    ];

    public static readonly Gen<string> Token = Gen.Frequency(
        (6, Gen.OneOf(Syntax)),
        (2, Gen.Select(Gen.OneOf(Syntax), Gen.OneOf(" ", "", "\n"), Gen.OneOf(Syntax), (a, space, b) => a + space + b)),
        (3, Gen.OneOf(NastyChars)),
        (2, Gen.String[Gen.Char, 1, 12]),
        (2, Gen.String[Gen.Char["{}[]()<>:=~#@!&*|\\/\"'`%-_ .,;\t"], 1, 12]),
        (1, Gen.String[Gen.Char.AlphaNumeric, 1, 12]));

    private enum Kind { DeleteLine, DuplicateLine, SwapLines, InsertLine, InsertText, ReplaceValue, Truncate, Repeat, DeleteChar }

    /// <summary>One edit; positions are taken modulo the text's size when applied.</summary>
    private sealed record Mutation(Kind Kind, int A, int B, string Token, int Count)
    {
        public override string ToString() => $"{Kind}({A},{B},{Count},\"{Printable(Token, 40)}\")";
    }

    private static readonly Gen<Mutation> AnyMutation = Gen.Select(
        Gen.Enum<Kind>(), Gen.Int[0, 100_000], Gen.Int[0, 100_000], Token,
        Gen.Frequency((8, Gen.Int[2, 40]), (2, Gen.Int[100, 3_000])),
        (kind, a, b, token, count) => new Mutation(kind, a, b, token, count));

    /// <summary>A hostile variant of one of <paramref name="seeds"/>: 1–8 edits, then a line-ending style and maybe a BOM.</summary>
    public static Gen<string> Mutated(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], AnyMutation.Array[1, 8], Gen.Int[0, 5], Gen.Frequency((5, Gen.Const(false)), (1, Gen.Const(true))),
            (index, mutations, endings, bom) => Apply(seeds[index], mutations, endings, bom));

    private static string Apply(string seed, Mutation[] mutations, int endings, bool bom)
    {
        var lines = seed.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        foreach (var m in mutations)
        {
            if (lines.Count == 0)
            {
                lines.Add("");
            }
            var i = m.A % lines.Count;
            var line = lines[i];
            switch (m.Kind)
            {
                case Kind.DeleteLine:
                    lines.RemoveAt(i);
                    break;
                case Kind.DuplicateLine:
                    lines.Insert(i, line);
                    break;
                case Kind.SwapLines:
                    var j = m.B % lines.Count;
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    break;
                case Kind.InsertLine:
                    // Same indentation as its neighbour, so the new line lands inside the structure (a YAML list, an option).
                    lines.Insert(i, line[..(line.Length - line.TrimStart().Length)] + m.Token);
                    break;
                case Kind.InsertText:
                    lines[i] = line.Insert(m.B % (line.Length + 1), m.Token);
                    break;
                case Kind.ReplaceValue:
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    lines[i] = colon >= 0 ? line[..(colon + 1)] + " " + m.Token : m.Token;
                    break;
                case Kind.Truncate:
                    lines[i] = line[..(m.B % (line.Length + 1))];
                    lines.RemoveRange(i + 1, m.Count % 3 == 0 ? lines.Count - i - 1 : 0);
                    break;
                case Kind.Repeat:
                    // Very long lines and deep nesting ("[[[[…", "> > > …", "{a: {b: [ …").
                    lines[i] = line.Insert(m.B % (line.Length + 1), string.Concat(Enumerable.Repeat(m.Token, m.Count)));
                    break;
                case Kind.DeleteChar:
                    lines[i] = line.Length == 0 ? line : line.Remove(m.B % line.Length, 1);
                    break;
            }
        }
        var newline = endings switch { 0 or 1 or 2 => "\n", 3 => "\r\n", 4 => "\r", _ => "\n\r" };
        return (bom ? "\uFEFF" : "") + string.Join(newline, lines);
    }

    /// <summary>Input shown in a failure message: escapes control and invisible characters, long text cut.</summary>
    public static string Printable(string text, int max = 4_000)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            sb.Append(c is '\n' ? "\\n\n" : char.IsControl(c) || char.IsSurrogate(c) || c is '\uFEFF' or (>= '\u200B' and <= '\u202E')
                ? $"\\u{(int)c:X4}"
                : c.ToString());
        }
        return text.Length > max ? sb + $"… ({text.Length:N0} chars)" : sb.ToString();
    }

    // ------------------------------------------------------------------ checks

    /// <summary>A rejected input must say what is wrong and where: the file, a line inside it, a sentence.</summary>
    public static void AssertClear(IEnumerable<ContentError> errors, string file, int lineCount)
    {
        foreach (var error in errors)
        {
            Assert.Equal(file, error.File);
            Assert.InRange(error.Line, 1, lineCount + 1);
            AssertReadable(error.Message);
        }
    }

    /// <summary>Snapshots compared line by line, so a failure shows the one question that changed.</summary>
    public static void AssertSameLines(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            Assert.True(expected[i] == actual[i], $"line {i} changed:\n{Printable(expected[i])}\n---\n{Printable(actual[i])}");
        }
        Assert.Equal(expected.Count, actual.Count);
    }

    public static void AssertReadable(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message), "empty error message");
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
    }

    /// <summary>Lines as the parsers count them (CRLF, then lone CR or LF).</summary>
    public static int LineCount(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Count(c => c == '\n') + 1;

    private static readonly HtmlParser Parser = new();

    private static readonly string[] ForbiddenElements = ["script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "svg", "math", "frame", "frameset"];

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "srcset", "background", "poster", "data"];

    /// <summary>Rendered author content: no script, no event handlers, links only to https, mailto, anchors and our own pages.</summary>
    public static void AssertSafeHtml(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var document = Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.LocalName, ForbiddenElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} in {html}");
                Assert.NotEqual("style", attribute.Name);
                if (UrlAttributes.Contains(attribute.Name.ToLowerInvariant()))
                {
                    var url = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                    // A relative URL has no scheme (no ':' before the first '/', '?' or '#'); any scheme must be https or mailto.
                    var end = url.IndexOfAny(['/', '?', '#']);
                    var colon = url.IndexOf(':', StringComparison.Ordinal);
                    var hasScheme = colon >= 0 && (end < 0 || colon < end);
                    Assert.True(
                        !hasScheme || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase),
                        $"unsafe {attribute.Name}=\"{url}\" in {html}");
                }
            }
        }
    }
}
