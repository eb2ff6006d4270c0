using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.UnitTests.Features.Quizzes;

public sealed class QuizParserTests
{
    [Fact]
    public void FixturePool_ParsesEveryTypeWithItsKeyFeedbackAndSourceLine()
    {
        var pool = QuizTestData.FixturePool();
        Assert.Equal(new QuizSettings(75, 3, 60, RevealAnswers.AfterPassing, new Dictionary<string, int> { ["obj-one"] = 2, ["obj-two"] = 2 }).Draw, pool.Settings.Draw);
        Assert.Equal(5, pool.Questions.Count);

        var single = pool.Questions.Single(q => q.Id == "one-single");
        Assert.Equal((QuestionType.Single, "pat", 4), (single.Type, single.CaseId, single.Line));
        Assert.Equal(["a"], single.Options.Where(o => o.Correct).Select(o => o.Id));
        Assert.Contains("<strong>first</strong>", single.StemHtml, StringComparison.Ordinal);
        Assert.StartsWith("Right, because it is the first thing (<a href=\"#ref-smith-2020\">", single.Options[0].FeedbackHtml, StringComparison.Ordinal);
        Assert.Equal("The first thing comes first.", single.GeneralFeedbackHtml);

        var trueFalse = pool.Questions.Single(q => q.Id == "one-true-false");
        Assert.Equal(["true", "false"], trueFalse.Options.Select(o => o.Id));
        Assert.True(trueFalse.Options[0].Correct);
        Assert.Equal("It is, in module 1.", trueFalse.Options[1].FeedbackHtml);

        var multiple = pool.Questions.Single(q => q.Id == "one-multiple");
        Assert.Equal((MultipleScoring.Partial, "obj-one"), (multiple.Scoring, multiple.PrimaryObjective));
        Assert.Equal(["obj-one", "obj-two"], multiple.ObjectiveIds);

        var ordering = pool.Questions.Single(q => q.Id == "two-ordering");
        Assert.Equal(["Ask", "Plan", "Follow up"], ordering.Options.Select(o => o.Html));
        Assert.Equal("Asking comes first.", ordering.Options[0].FeedbackHtml);

        Assert.True(pool.Questions.Single(q => q.Id == "two-multiple-strict").KeepOrder);
    }

    [Theory]
    [InlineData("quiz.md", "- [x] The right answer.", "- [ ] The right answer.", "quiz.md", 4, "Question 'one-single' has no correct answer")]
    [InlineData("quiz.md", "## Question: one-true-false", "## Question: one-single", "quiz.md", 21, "Duplicate question id 'one-single'.")]
    [InlineData("quiz.md", "Feedback if true: Yes, module 1 describes it.", "- [x] True\n- [ ] False\nFeedback if true: Yes.", "quiz.md", 29, "True/false questions take no option list")]
    [InlineData("quiz.md", "Objectives: obj-one, obj-two", "Objectives: obj-one, obj-nine", "quiz.md", 34, "Objective 'obj-nine' is not defined in course.md.")]
    [InlineData("quiz.md", "Sources: smith-2020\nCase: pat", "Sources: jones-1999\nCase: pat", "quiz.md", 7, "Source 'jones-1999' is not a reference id in course.md.")]
    [InlineData("quiz.md", "Case: pat\n\nWhich", "Case: sam\n\nWhich", "quiz.md", 8, "Case 'sam' is not defined in this file")]
    [InlineData("quiz.md", "Scoring: partial", "", "quiz.md", 32, "A multiple question must state its rule")]
    [InlineData("quiz.md", "Type: ordering", "Type: essay", "quiz.md", 50, "Header 'Type' must be one of")]
    [InlineData("course.md", "obj-two: 2", "obj-two: 4", "course.md", 27, "Draw asks for 4 question(s) on 'obj-two' but quiz.md has 2")]
    [InlineData("course.md", "    obj-two: 2\n", "", "course.md", 26, "Draw does not cover objective 'obj-two'")]
    [InlineData("course.md", "passing_score: 75", "passing_score: 175", "course.md", 21, "Field 'passing_score' in quiz must be a whole number from 50 to 100.")]
    public void BadPools_FailWithFileLineAndReason(string file, string from, string to, string errorFile, int line, string message)
    {
        var root = QuizTestData.FixtureCopy(out var dir);
        QuizTestData.Edit(dir, file, from, to);
        var result = QuizTestData.Loader().LoadAll(root);
        Assert.Empty(result.Courses);
        var expectedFile = $"content/courses/sample-course/{errorFile}";
        Assert.True(result.Errors.Any(e => e.File == expectedFile && e.Line == line && e.Message.StartsWith(message, StringComparison.Ordinal)),
            $"expected {expectedFile}:{line}: {message}… got: {string.Join(" | ", result.Errors)}");
    }

    [Fact]
    public void QuizSettingsWithoutPool_IsAnError()
    {
        var root = QuizTestData.FixtureCopy(out var dir);
        File.Delete(Path.Combine(dir, "quiz.md"));
        var error = Assert.Single(QuizTestData.Loader().LoadAll(root).Errors);
        Assert.Contains("quiz.md is missing", error.Message, StringComparison.Ordinal);
    }
}
