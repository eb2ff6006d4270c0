using System.Net;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes.Interop;

namespace ReferralTraining.UnitTests.Features.Quizzes.Interop;

/// <summary>
/// Imported GIFT and Aiken text is shown as Moodle shows it: characters that mean something in Markdown are escaped,
/// so the rendered question reads exactly as typed. Each case goes import → quiz.md → the real parser and renderer.
/// </summary>
public sealed class ImportedTextRenderingTests
{
    private static IReadOnlyList<QuizQuestion> Rendered(PortablePool pool)
    {
        var markdown = QuizMarkdownWriter.Write(pool, "obj-one", "smith-2020");
        var errors = new List<ContentError>();
        var (_, questions) = new QuizParser(new MarkdownRenderer()).Parse(markdown, "quiz.md", [new Objective("obj-one", "obj-one")],
            new Dictionary<string, Reference> { ["smith-2020"] = new("smith-2020", "smith-2020", "smith-2020") }, errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n---\n" + markdown);
        return questions;
    }

    private static QuizQuestion Gift(string gift)
    {
        var import = GiftFormat.Import(gift);
        Assert.Empty(import.Skipped);
        return Assert.Single(Rendered(import.Pool));
    }

    /// <summary>The visible text of rendered HTML, and its tags, so an assertion can say "no heading, no list".</summary>
    private static string Text(string html) => WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", "")).Trim();

    [Fact]
    public void EscapedHash_AtTheStartOfALine_IsAHash_NotAHeading()
    {
        var question = Gift("::hash::\\# (hash) starts this line{=yes ~no}");
        Assert.Equal("<p># (hash) starts this line</p>", question.StemHtml.Trim());
    }

    [Fact]
    public void GreaterThan_AtTheStartOfALine_IsText_NotAQuotation()
    {
        var question = Gift("::drinks::> 4 drinks{=yes ~no}");
        Assert.DoesNotContain("<blockquote", question.StemHtml, StringComparison.Ordinal);
        Assert.Equal("> 4 drinks", Text(question.StemHtml));
    }

    [Fact]
    public void AYearAndAPeriod_AtTheStartOfALine_IsText_NotANumberedList()
    {
        var question = Gift("::year::1990. The year starts this line{=yes ~no}");
        Assert.DoesNotContain("<ol", question.StemHtml, StringComparison.Ordinal);
        Assert.Equal("1990. The year starts this line", Text(question.StemHtml));
    }

    [Fact]
    public void Backslashes_SurviveAsMoodleShowsThem()
    {
        // GIFT "A \\ B \\\\ C" is the text "A \ B \\ C" (\\ is GIFT's escaped backslash), as in Moodle's own importer test.
        var question = Gift("::double backslash::A \\\\ B \\\\\\\\ C{=yes ~no}");
        Assert.Equal("A \\ B \\\\ C", Text(question.StemHtml));
    }

    [Fact]
    public void MarkdownCharactersInAnswersAndFeedback_AreShownAsTyped_AndMarkdownFormatIsLeftAsMarkdown()
    {
        var question = Gift("::chars::Pick one{=*not emphasis* and [not a link]#_feedback_ stays ~- a dash ~2) second}");
        Assert.Equal(["*not emphasis* and [not a link]", "- a dash", "2) second"], question.Options.Select(o => Text(o.Html)));
        Assert.Equal("_feedback_ stays", Text(question.Options[0].FeedbackHtml));

        var markdown = Gift("::md::[markdown]Which **first** thing?{=yes ~no}");
        Assert.Contains("<strong>first</strong>", markdown.StemHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlFormat_KeepsItsTags_AndEscapesTheTextBetweenThem()
    {
        var question = Gift("::html::[html]<p># not a heading</p><p>a <b>bold</b> word</p>{=yes ~no}");
        Assert.DoesNotContain("<h1", question.StemHtml, StringComparison.Ordinal);
        Assert.Contains("# not a heading", Text(question.StemHtml), StringComparison.Ordinal);
        Assert.Contains("<strong>bold</strong>", question.StemHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void AikenText_IsEscapedToo()
    {
        var (pool, errors) = AikenFormat.Import("> 4 drinks: which group?\nA. # one\nB. 1990. two\nANSWER: A\n", "bank.txt");
        Assert.Empty(errors);
        var question = Assert.Single(Rendered(pool));
        Assert.Equal("> 4 drinks: which group?", Text(question.StemHtml));
        Assert.Equal(["# one", "1990. two"], question.Options.Select(o => Text(o.Html)));
        Assert.DoesNotContain("<blockquote", question.StemHtml, StringComparison.Ordinal);
    }
}
