using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes.Interop;

namespace ReferralTraining.UnitTests.Fuzz;

/// <summary>Shrunk inputs from <see cref="QuizFuzzTests"/> and cases found while writing them.</summary>
public sealed class QuizRegressionTests
{
    private static readonly Objective[] Objectives = [new("obj-one", "One")];
    private static readonly Dictionary<string, Reference> References = new() { ["ref-one"] = new("ref-one", "Ref", "Ref") };

    private static (IReadOnlyList<QuizQuestion> Questions, List<ContentError> Errors) Parse(string quiz)
    {
        var errors = new List<ContentError>();
        var (_, questions) = new QuizParser(new MarkdownRenderer()).Parse(quiz, "quiz.md", Objectives, References, errors);
        return (questions, errors);
    }

    [Fact]
    public void LineOfSpacesAfterAnOption_IsABlankLine_NotPartOfTheOption()
    {
        var (questions, errors) = Parse("## Question: q\nType: single\nObjectives: obj-one\nSources: ref-one\n\nStem?\n\n- [x] Right.\n   \n- [ ] Wrong.\n");

        Assert.Empty(errors);
        Assert.Equal(["Right.", "Wrong."], questions[0].Options.Select(o => o.Markdown));
    }

    [Theory]
    [InlineData("99999999999. Second")]
    [InlineData("٢. Second")]
    public void OrderingStepNumberThatIsNotASmallAsciiNumber_IsAnError_NotAnException(string step)
    {
        var (_, errors) = Parse($"## Question: q\nType: ordering\nObjectives: obj-one\nSources: ref-one\n\nOrder?\n\n1. First\n{step}\n");

        Assert.Contains(errors, e => e.Line == 9);
    }

    [Theory]
    [InlineData("::q::Which?{~%٥٠%Right~%-50%Wrong}")]
    [InlineData("::q::Which?{~%99999999999%Right~Wrong}")]
    public void GiftWeightWithNonAsciiDigits_IsReadWithoutException(string gift)
    {
        var import = GiftFormat.Import(gift);

        Assert.Equal(1, import.Pool.Questions.Count + import.Skipped.Count);
    }

    [Fact]
    public void GiftPrivateUseCharacters_SurviveImportAndRoundTrip_BesideEscapedSpecials()
    {
        // U+E041 and U+E07B are where the first placeholder block would put an escaped 'A' and '{'.
        var import = GiftFormat.Import("::q::Which \uE041 and \uE07B and \\{braces\\}?{=Right \uE000~Wrong}");

        var question = Assert.Single(import.Pool.Questions);
        Assert.Contains("\uE041 and \uE07B and {braces}", question.Stem, StringComparison.Ordinal);
        Assert.Contains(question.Options, o => o.Text.Contains('\uE000', StringComparison.Ordinal));
        var again = GiftFormat.Import(GiftFormat.Export(import.Pool, "round trip").Text);
        Assert.Equal(question.Stem, Assert.Single(again.Pool.Questions).Stem);
    }

    [Fact]
    public void GiftUsingEveryPrivateUseBlock_IsRefusedWithAReason()
    {
        var every = string.Concat(Enumerable.Range(0, 50).Select(b => (char)(0xE000 + b * 128)));

        var refused = Assert.Throws<FormatException>(() => GiftFormat.Import($"::q::{every}?{{=a~b}}"));
        Assert.Contains("private-use", refused.Message, StringComparison.Ordinal);
    }
}
