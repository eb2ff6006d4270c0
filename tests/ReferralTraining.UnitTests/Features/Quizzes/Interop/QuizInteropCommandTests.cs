using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Quizzes.Interop;

namespace ReferralTraining.UnitTests.Features.Quizzes.Interop;

public sealed class QuizInteropCommandTests
{
    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("rt-interop-").FullName, name);

    [Fact]
    public void QuizExport_WritesGiftFile_AndListsSkippedOrderingQuestions()
    {
        var root = QuizTestData.FixtureCopy(out var courseDir);
        var gift = TempFile("sample.gift");
        var output = new StringWriter();

        var exitCode = QuizInteropCommand.Run(["quiz-export", courseDir, "--out", gift], output, output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.StartsWith("// sample-course 1.0.0: ReferralTraining quiz pool as Moodle GIFT.", File.ReadAllText(gift), StringComparison.Ordinal);
        Assert.Contains("quiz.md:49: not exported 'two-ordering': ordering questions have no GIFT equivalent", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("quiz-export: 4 question(s) exported, 1 skipped.", output.ToString(), StringComparison.Ordinal);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void QuizExport_RefusesACourseWithErrors()
    {
        var root = QuizTestData.FixtureCopy(out var courseDir);
        QuizTestData.Edit(courseDir, "quiz.md", "- [x] The right answer.", "- [ ] The right answer.");
        var output = new StringWriter();

        Assert.Equal(1, QuizInteropCommand.Run(["quiz-export", courseDir], output, output));
        Assert.Contains("has no correct answer", output.ToString(), StringComparison.Ordinal);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void QuizImport_FromGift_WritesQuizMarkdownThatCheckContentAccepts()
    {
        var root = QuizTestData.FixtureCopy(out var courseDir);
        var converted = TempFile("quiz.md");
        var output = new StringWriter();

        var exitCode = QuizInteropCommand.Run(
            ["quiz-import", "--from", "gift", Path.Combine(RepoPaths.Root, "tests", "fixtures", "gift", "hand-written.gift"),
             "--objective", "obj-one", "--source", "smith-2020", "--out", converted], output, output);

        Assert.True(exitCode == 0, output.ToString());
        Assert.Contains("quiz-import: 7 question(s) converted, 6 skipped, weights changed in", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("hand-written.gift:61: skipped 'Your experience': essay question has no quiz.md equivalent", output.ToString(), StringComparison.Ordinal);
        // The author pastes the converted questions into the course's pool; the course must still load.
        File.AppendAllText(Path.Combine(courseDir, "quiz.md"), "\n" + File.ReadAllText(converted));
        var result = QuizTestData.Loader().LoadAll(root);
        // Every question is read; what is left are the pool's item-writing gates, which the author meets by
        // revising the imported items (docs/authoring.md), not format errors.
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.StartsWith("Item writing:", e.Message, StringComparison.Ordinal));
        var course = QuizTestData.Loader().LoadAll(RepoPaths.FixtureContent).Courses.Single();
        var parseErrors = new List<ReferralTraining.Web.Features.Courses.Content.ContentError>();
        var (_, questions) = new ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizParser(new ReferralTraining.Web.Features.Courses.Content.MarkdownRenderer())
            .Parse(File.ReadAllText(Path.Combine(courseDir, "quiz.md")), "quiz.md", course.Objectives, course.References.ToDictionary(r => r.Id), parseErrors);
        Assert.Empty(parseErrors);
        Assert.Equal(12, questions.Count);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void QuizImport_FromAiken_ToStandardOutput_ReportsToTheOtherWriter()
    {
        var output = new StringWriter();
        var report = new StringWriter();

        var exitCode = QuizInteropCommand.Run(
            ["quiz-import", "--from", "aiken", Path.Combine(RepoPaths.Root, "tests", "fixtures", "aiken", "referral-basics.txt"),
             "--objective", "obj-one", "--source", "smith-2020"], output, report);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("## Question: q-1\n", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("quiz-import: 3 question(s) converted, 0 problem(s) reported.", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void QuizImport_MalformedAiken_WritesNothing_AndExitsOne()
    {
        var aiken = TempFile("bank.txt");
        File.WriteAllText(aiken, "Q?\nA. yes\nB. no\nANSWER: E\n");
        var converted = TempFile("quiz.md");
        var output = new StringWriter();

        Assert.Equal(1, QuizInteropCommand.Run(["quiz-import", "--from", "aiken", aiken, "--objective", "obj-one", "--source", "smith-2020", "--out", converted], output, output));
        Assert.Contains("bank.txt:4: 'ANSWER: E' must name one option letter, A to B. (question skipped)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("no question could be converted; nothing written.", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(converted));
    }

    [Fact]
    public void QuizImport_AikenWithOneBadQuestion_WritesTheOthers_AndReportsTheBadOne()
    {
        var aiken = TempFile("bank.txt");
        File.WriteAllText(aiken, "Good?\nA. yes\nB. no\nANSWER: A\n\nBad?\nA. yes\nB. no\nANSWER: E\n\nAlso good?\nA)yes\nB)no\nANSWER: B\n");
        var converted = TempFile("quiz.md");
        var output = new StringWriter();

        Assert.Equal(0, QuizInteropCommand.Run(["quiz-import", "--from", "aiken", aiken, "--objective", "obj-one", "--source", "smith-2020", "--out", converted], output, output));
        Assert.Contains("bank.txt:9: 'ANSWER: E' must name one option letter, A to B. (question skipped)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("quiz-import: 2 question(s) converted, 1 problem(s) reported.", output.ToString(), StringComparison.Ordinal);
        var written = File.ReadAllText(converted);
        Assert.Contains("Good?", written, StringComparison.Ordinal);
        Assert.Contains("Also good?", written, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad?", written, StringComparison.Ordinal);
    }

    [Fact]
    public void QuizImport_FromGift_ListsEachQuestionWhoseWeightsChanged_AndHow()
    {
        var gift = TempFile("bank.gift");
        File.WriteAllText(gift, "::even::Which?{~%50%a ~%50%b ~%-50%c}\n\n::uneven::Which?{~%50%a ~%30%b ~%20%c ~%-100%d}\n");
        var output = new StringWriter();

        Assert.Equal(0, QuizInteropCommand.Run(["quiz-import", "--from", "gift", gift, "--objective", "obj-one", "--source", "smith-2020", "--out", TempFile("quiz.md")], output, output));
        Assert.Contains("bank.gift:3: weights changed in 'uneven': right answers 50%, 30%, 20%, wrong answers -100% became equal shares (partial scoring): "
            + "each right answer 33.33333%, each wrong answer chosen -33.33333%", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("'even'", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("quiz-import: 2 question(s) converted, 0 skipped, weights changed in 1.", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quiz-export")]
    [InlineData("quiz-export", "a", "b")]
    [InlineData("quiz-import", "--from", "gift", "x.gift", "--objective", "obj-one")]
    [InlineData("quiz-import", "--from", "qti", "x.xml", "--objective", "obj-one", "--source", "smith-2020")]
    [InlineData("quiz-import", "--from", "gift", "x.gift", "--objective", "Objective One", "--source", "smith-2020")]
    [InlineData("quiz-import", "--from")]
    public void WrongArguments_PrintUsage_AndExitTwo(params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(2, QuizInteropCommand.Run(args, output, output));
        Assert.Contains(args[0] == "quiz-export" ? "quiz-export" : "quiz-import", output.ToString(), StringComparison.Ordinal);
    }
}
