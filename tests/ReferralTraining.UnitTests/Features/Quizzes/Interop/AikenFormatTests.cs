using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes.Interop;
using static ReferralTraining.UnitTests.Features.Quizzes.Interop.InteropTestData;

namespace ReferralTraining.UnitTests.Features.Quizzes.Interop;

public sealed class AikenFormatTests
{
    [Fact]
    public void AikenFile_BecomesSingleQuestions_ThatQuizMarkdownReadsBack()
    {
        var (pool, errors) = AikenFormat.Import(File.ReadAllText(AikenPath("referral-basics.txt")), "referral-basics.txt");

        Assert.Empty(errors);
        Assert.Equal(["q-1", "q-2", "q-3"], pool.Questions.Select(q => q.Id));
        Assert.All(pool.Questions, q => Assert.Equal(QuestionType.Single, q.Type));
        Assert.Equal([1, 7, 14], pool.Questions.Select(q => q.Line));
        Assert.Equal([true, false, false], pool.Questions[0].Options.Select(o => o.Correct));
        Assert.Equal("The clinician, while the patient is still in the session", pool.Questions[1].Options.Single(o => o.Correct).Text);
        Assert.Equal("A patient says she \"isn't religious\".\nWhich group could you describe as secular?", pool.Questions[2].Stem);

        var markdown = QuizMarkdownWriter.Write(pool, "obj-one", "smith-2020");
        Assert.StartsWith("## Question: q-1\nType: single\nObjectives: obj-one\nSources: smith-2020\n\nWhat does", markdown, StringComparison.Ordinal);
        Assert.Equal(Snapshot(WithDefaults(pool, "obj-one", "smith-2020")), Snapshot(ParseQuizMarkdown(markdown, ["obj-one"], ["smith-2020"])));
    }

    [Theory]
    [InlineData("Q?\nA. yes\nB. no\n", 1, "The last question has no 'ANSWER: X' line.")]
    [InlineData("Q?\nA. yes\nB. no\nANSWER: C\n", 4, "'ANSWER: C' must name one option letter, A to B.")]
    [InlineData("Q?\nA. yes\nB. no\nANSWER: AB\n", 4, "'ANSWER: AB' must name one option letter")]
    [InlineData("Q?\nA. yes\nC. no\nANSWER: A\n", 3, "Expected option B or the 'ANSWER:' line")]
    [InlineData("A. yes\nB. no\nANSWER: A\n", 1, "Option A comes before any question text.")]
    [InlineData("Q?\nA. only one\nANSWER: A\n", 1, "The question has 1 option(s); quiz.md questions have 2 to 8.")]
    [InlineData("Q?\nANSWER: A\n", 2, "'ANSWER:' line before any options")]
    [InlineData("Q?\nA. yes\nB. no\nAnswer: A\n", 4, "Expected option C or 'ANSWER: X' for the question on line 1; is its ANSWER line missing?")]
    [InlineData("First?\nA. yes\nB. no\n\nSecond?\nA. yes\nB. no\nANSWER: B\n", 5, "Expected option C or 'ANSWER: X' for the question on line 1")]
    [InlineData("Q?\nA. 1\nB. 2\nC. 3\nD. 4\nE. 5\nF. 6\nG. 7\nH. 8\nI. 9\nANSWER: A\n", 1, "The question has 9 option(s)")]
    [InlineData("\n\n", 1, "No questions found")]
    public void MalformedAiken_IsAnErrorWithItsLine(string aiken, int line, string message)
    {
        var (_, errors) = AikenFormat.Import(aiken, "bank.txt");
        Assert.True(errors.Any(e => e.File == "bank.txt" && e.Line == line && e.Message.StartsWith(message, StringComparison.Ordinal)),
            $"expected bank.txt:{line}: {message}… got: {string.Join(" | ", errors)}");
    }

    [Fact]
    public void RomanNumeralsAndLowercaseLettersInTheStem_AreStemText()
    {
        var (pool, errors) = AikenFormat.Import("Which statements are true?\nI. Groups are free.\nii) Groups are everywhere.\nA. I only\nB. ii only\nANSWER: A\n", "bank.txt");
        Assert.Empty(errors);
        // The stem is Markdown: the list-like line starts are escaped so they read as typed.
        Assert.Equal("Which statements are true?\nI\\. Groups are free.\nii\\) Groups are everywhere.", Assert.Single(pool.Questions).Stem);
    }

    [Fact]
    public void OptionsWithoutASpace_AfterTheLetter_AreAccepted_AsMoodleDoes()
    {
        var (pool, errors) = AikenFormat.Import("Which is right?\nA)Correct\nB)Incorrect\nC.Also incorrect\nANSWER: A\n", "bank.txt");
        Assert.Empty(errors);
        Assert.Equal(["Correct", "Incorrect", "Also incorrect"], Assert.Single(pool.Questions).Options.Select(o => o.Text));
    }

    [Fact]
    public void OneMalformedQuestion_IsReportedAndLeftOut_TheRestAreConverted()
    {
        var (pool, errors) = AikenFormat.Import(
            "First?\nA. yes\nB. no\nANSWER: A\n\nSecond?\nA. yes\nC. skipped a letter\nD. more\nANSWER: A\n\nThird?\nA. yes\nB. no\nANSWER: B\n", "bank.txt");
        var error = Assert.Single(errors);
        Assert.Equal(8, error.Line);
        Assert.StartsWith("Expected option B", error.Message, StringComparison.Ordinal);
        Assert.Equal(["First?", "Third?"], pool.Questions.Select(q => q.Stem));
        Assert.Equal([1, 12], pool.Questions.Select(q => q.Line));
    }
}
