using ReferralTraining.Web.Infrastructure.Content;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.ReferralMenu;

namespace ReferralTraining.UnitTests.Features.Courses;

/// <summary>The validator's own gaps (issue 18, item 8) and the person-first language check (item 6).</summary>
public sealed class ContentValidatorGapTests
{
    private static readonly MarkdownRenderer Renderer = new();

    private static CourseLoader Loader() => new(Renderer, new QuizParser(Renderer));

    private static string CourseDir(string root) => Path.Combine(root, "courses", "sample-course");

    private static void Edit(string root, string file, string from, string to)
    {
        var path = Path.Combine(CourseDir(root), file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidUtf8_IsAnError_NamingFileLineAndByte_NotSilentlyReplaced()
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = Path.Combine(CourseDir(root), "02-second.md");
        var bytes = File.ReadAllBytes(path).ToList();
        var lineStarts = bytes.Select((b, i) => (b, i)).Where(x => x.b == (byte)'\n').Select(x => x.i + 1).ToList();
        // Third line, after its first two characters: a lone Latin-1 "é" (0xE9), as an editor saving in the wrong encoding writes it.
        bytes.Insert(lineStarts[1] + 2, 0xE9);
        File.WriteAllBytes(path, [.. bytes]);

        var result = Loader().LoadAll(root);

        Assert.Empty(result.Courses);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("content/courses/sample-course/02-second.md", 3), (error.File, error.Line));
        Assert.Equal("Invalid UTF-8: byte 0xE9 at byte 3 of the line (byte " + (lineStarts[1] + 3) + " of the file); save the file as UTF-8.", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9, 0x62 }, -1)] // é, well formed
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x61 }, -1)] // byte-order mark
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, -1)] // emoji (4 bytes)
    [InlineData(new byte[] { 0x61, 0xC0, 0x80 }, 1)] // overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)] // UTF-16 surrogate
    [InlineData(new byte[] { 0x61, 0x62, 0xE2, 0x82 }, 2)] // truncated at the end
    [InlineData(new byte[] { 0x80 }, 0)] // continuation byte on its own
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 0)] // above U+10FFFF
    public void FirstInvalidByte_FollowsRfc3629(byte[] bytes, int expected)
    {
        Assert.Equal(expected, ContentText.FirstInvalidByte(bytes));
    }

    [Fact]
    public void InvalidUtf8_InTheQuiz_IsAnError_WithItsLine()
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = Path.Combine(CourseDir(root), "quiz.md");
        File.WriteAllBytes(path, [.. File.ReadAllBytes(path), .. "\n\nbad "u8.ToArray(), 0xFF]);
        var lines = File.ReadAllText(path).Split('\n').Length;

        var result = Loader().LoadAll(root);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("content/courses/sample-course/quiz.md", lines), (error.File, error.Line));
        Assert.StartsWith("Invalid UTF-8: byte 0xFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyCoursesFolder_IsAnError()
    {
        var root = Path.Combine(Path.GetTempPath(), "rt-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "courses"));

        var result = Loader().LoadAll(root);
        var output = new StringWriter();
        var exit = ContentCheckCommand.Run([root], output);

        var error = Assert.Single(result.Errors);
        Assert.Equal("content/courses", error.File);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Contains("content/courses:0: The 'courses' folder is empty", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateModuleNumber_IsOneError_NotACascade()
    {
        var root = RepoPaths.CopyFixtureContent();
        File.WriteAllText(Path.Combine(CourseDir(root), "02-again.md"), "---\ntitle: Again\nobjectives: [obj-two]\n---\nMore text.\n");
        File.WriteAllText(Path.Combine(CourseDir(root), "03-third.md"), "---\ntitle: Third\nobjectives: [obj-two]\n---\nMore text.\n");
        Edit(root, "course.md", "  - 02-second.md", "  - 02-second.md\n  - 02-again.md\n  - 03-third.md");

        var result = Loader().LoadAll(root);

        var error = Assert.Single(result.Errors, e => !e.Message.StartsWith("estimated_minutes", StringComparison.Ordinal));
        Assert.Equal(("content/courses/sample-course/course.md", 20), (error.File, error.Line));
        Assert.Equal("Duplicate module 02: '02-again.md' and '02-second.md' have the same number.", error.Message);
    }

    [Fact]
    public void UnknownMenuField_NamesTheFieldAndTheAllowedOnes_NeverADotNetType()
    {
        var root = MenuCopy(out var path);
        var text = File.ReadAllText(path);
        var at = text.IndexOf("    website:", StringComparison.Ordinal);
        File.WriteAllText(path, text.Insert(at, "    webside: https://example.org\n"));
        var line = text[..at].Count(c => c == '\n') + 1;
        var errors = new List<ContentError>();

        Assert.Null(ReferralMenuLoader.Load(root, errors));

        var error = Assert.Single(errors);
        Assert.Equal(("content/referral-menu/organizations.yaml", line), (error.File, error.Line));
        Assert.StartsWith("Invalid referral menu: unknown field 'webside'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Dto", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ReferralTraining", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MenuValueOfTheWrongShape_SaysSoWithoutDotNetTypeNames()
    {
        var root = MenuCopy(out var path);
        var text = File.ReadAllText(path);
        var at = text.IndexOf("    formats: [", StringComparison.Ordinal);
        var end = text.IndexOf('\n', at);
        File.WriteAllText(path, text[..at] + "    formats:\n      kind: online" + text[end..]);
        var errors = new List<ContentError>();

        Assert.Null(ReferralMenuLoader.Load(root, errors));

        var error = Assert.Single(errors);
        Assert.StartsWith("Invalid referral menu: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Dto", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ReferralTraining", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("He is an addict.", "addict")]
    [InlineData("Many addicts benefit.", "addicts")]
    [InlineData("a group for addicted individuals", "addicted individuals")]
    [InlineData("It addresses substance abuse.", "substance abuse")]
    [InlineData("a drug abuser", "abuser")]
    [InlineData("She has been clean for a year.", "clean")]
    [InlineData("Recovering alcoholics help.", "alcoholics")]
    [InlineData("Un grupo para adictos.", "adictos")]
    public void PersonFirstLanguage_FlagsListedTerms(string line, string term)
    {
        var finding = Assert.Single(PersonFirstLanguage.Findings(line));
        Assert.Equal(term, finding.Text, ignoreCase: true);
    }

    [Theory]
    [InlineData("Her sponsor said, \"you are not clean yet\", and she felt hurt.")]
    [InlineData("The paper's title speaks of “substance abuse” as the term then was.")]
    [InlineData("Alcoholics Anonymous and Adult Children of Alcoholics are official names.")]
    [InlineData("The National Institute on Alcohol Abuse and Alcoholism guide, in the Journal of Substance Abuse Treatment.")]
    [InlineData("A person with a substance use disorder, in recovery, who drinks alcohol.")]
    [InlineData("See https://example.org/substance-abuse-help for details.")]
    public void PersonFirstLanguage_AllowsQuotationsOfficialNamesAndPersonFirstWording(string line)
    {
        Assert.Empty(PersonFirstLanguage.Findings(line));
    }

    [Fact]
    public void PersonFirstLanguage_InAModule_IsAnErrorWithItsLine_ButAWrappedOfficialNameOrABlockQuoteIsNot()
    {
        var root = RepoPaths.CopyFixtureContent();
        Edit(root, "02-second.md", "A patient asks", "Adult Children of\nAlcoholics is a group.\n\n> a quoted addict\n\nA patient asks");
        Assert.DoesNotContain(Loader().LoadAll(root).Errors, e => e.Message.StartsWith("Person-first", StringComparison.Ordinal));

        Edit(root, "02-second.md", "A patient asks", "Addicts often ask");
        var line = Array.FindIndex(File.ReadAllText(Path.Combine(CourseDir(root), "02-second.md")).Split('\n'), l => l.Contains("Addicts often ask", StringComparison.Ordinal)) + 1;

        var result = Loader().LoadAll(root);

        Assert.Empty(result.Courses);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("content/courses/sample-course/02-second.md", line), (error.File, error.Line));
        Assert.StartsWith("Person-first language: \"Addicts\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PersonFirstLanguage_InTheQuiz_IsAnErrorWithItsLine()
    {
        var root = RepoPaths.CopyFixtureContent();
        Edit(root, "quiz.md", "- [ ] A wrong answer.", "- [ ] Tell the abuser to leave.");

        var result = Loader().LoadAll(root);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("content/courses/sample-course/quiz.md", 14), (error.File, error.Line));
        Assert.StartsWith("Person-first language: \"abuser\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PersonFirstLanguage_InTheMenu_TheYamlQuotesAroundAValueAreNotAQuotation()
    {
        var root = MenuCopy(out var path);
        var text = File.ReadAllText(path);
        var at = text.IndexOf("    about: \"", StringComparison.Ordinal);
        File.WriteAllText(path, text.Insert(at + "    about: \"".Length, "A group for addicts. "));
        var line = text[..at].Count(c => c == '\n') + 1;
        var errors = new List<ContentError>();

        Assert.Null(ReferralMenuLoader.Load(root, errors));

        var error = Assert.Single(errors);
        Assert.Equal(("content/referral-menu/organizations.yaml", line), (error.File, error.Line));
        Assert.StartsWith("Person-first language: \"addicts\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PersonFirstLanguage_InTheMenu_IgnoresIdsAndTheReferencesTitles()
    {
        var errors = new List<ContentError>();
        PersonFirstLanguage.Check(
            "organizations:\n  - id: adult-children-of-alcoholics\n    about: \"A group.\"\nreferences:\n  - id: x\n    citation: \"Stimulant abuser groups. J Subst Abuse Treat.\"\n",
            "organizations.yaml", errors, ReferralMenuLoader.ProseOnly());
        Assert.Empty(errors);
    }

    /// <summary>A content folder holding a copy of the real referral menu.</summary>
    private static string MenuCopy(out string path)
    {
        var root = RepoPaths.CopyFixtureContent();
        Directory.CreateDirectory(Path.Combine(root, "referral-menu"));
        path = Path.Combine(root, ReferralMenuLoader.RelativePath);
        File.Copy(Path.Combine(RepoPaths.Content, ReferralMenuLoader.RelativePath), path);
        return root;
    }
}
