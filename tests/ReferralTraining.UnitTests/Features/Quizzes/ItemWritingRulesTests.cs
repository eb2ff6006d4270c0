using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.UnitTests.Features.Quizzes;

/// <summary>Item-writing gates in check-content (issue 18, item 7): each pool shape below is gameable and must fail.</summary>
public sealed class ItemWritingRulesTests
{
    private static readonly Objective[] Objectives = [new("obj-one", "Do one thing.")];
    private static readonly Dictionary<string, Reference> References = new() { ["smith-2020"] = new("smith-2020", "Smith, 2020", "Smith A. Test. 2020.") };

    private static string Single(string id, string key, params string[] distractors) =>
        $"## Question: {id}\nType: single\nObjectives: obj-one\nSources: smith-2020\n\nStem?\n\n- [x] {key}\n  Feedback: Yes.\n"
        + string.Concat(distractors.Select(d => $"- [ ] {d}\n  Feedback: No.\n")) + "\n";

    private static string TrueFalse(string id, bool answer) =>
        $"## Question: {id}\nType: true-false\nObjectives: obj-one\nSources: smith-2020\nAnswer: {(answer ? "true" : "false")}\n\nA statement.\n\nFeedback if true: T.\nFeedback if false: F.\n\n";

    private static string Multiple(string id, int right, int wrong) =>
        $"## Question: {id}\nType: multiple\nObjectives: obj-one\nSources: smith-2020\nScoring: partial\n\nWhich?\n\n"
        + string.Concat(Enumerable.Range(0, right).Select(i => $"- [x] Right {i}\n  Feedback: Yes.\n"))
        + string.Concat(Enumerable.Range(0, wrong).Select(i => $"- [ ] Wrong {i}\n  Feedback: No.\n")) + "\n";

    private static List<ContentError> Check(string pool)
    {
        var errors = new List<ContentError>();
        var (_, questions) = new QuizParser(new MarkdownRenderer()).Parse(pool, "quiz.md", Objectives, References, errors);
        Assert.Empty(errors);
        ItemWritingRules.Check(questions, pool, "quiz.md", errors);
        return errors;
    }

    private static int LineOf(string pool, string text) => Array.FindIndex(pool.Split('\n'), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Fact]
    public void LongestOptionKeyed_InMoreThan35Percent_IsAnError_ListingTheItems()
    {
        // 3 of 6 keys are the longest option (50 %); at most 2 (35 % of 6, rounded down) may be.
        var pool = Single("a", "The long and detailed right answer.", "Short.", "Brief.")
            + Single("b", "Another long and careful right answer.", "No.", "Nope.")
            + Single("c", "Right, and longer than the rest.", "Wrong.", "Not so.")
            + Single("d", "Short.", "A long wrong answer that looks careful.", "No.")
            + Single("e", "Yes.", "A long wrong answer that looks careful.", "No.")
            + Single("f", "Fine.", "A long wrong answer that looks careful.", "No.");

        var error = Assert.Single(Check(pool));

        Assert.Equal(("quiz.md", 1), (error.File, error.Line));
        Assert.StartsWith("Item writing: the keyed option is the longest in 3 of 6 single-answer questions (50 %); at most 35 % (2) may be.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"a (line 1), b (line {LineOf(pool, "## Question: b")}), c (line {LineOf(pool, "## Question: c")})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongestOptionKeyed_AtTheLimit_Passes_AndATieCountsAsLongest()
    {
        var pool = Single("a", "The long and detailed right answer.", "Short.")
            + Single("b", "Same length.", "Same-length.")
            + Single("c", "Short.", "A long wrong answer that looks careful.")
            + Single("d", "Yes.", "A long wrong answer that looks careful.")
            + Single("e", "Fine.", "A long wrong answer that looks careful.")
            + Single("f", "Ok.", "A long wrong answer that looks careful.");
        Assert.Empty(Check(pool)); // 2 of 6 (a, and b by a tie) = 33 %

        var tieOverLimit = pool + Single("g", "Twelve chars", "Twelve-chars");
        Assert.Single(Check(tieOverLimit)); // 3 of 7 = 43 %: the tie counts
    }

    [Fact]
    public void LongestOption_IsMeasuredWithoutCitationsAndEmphasis()
    {
        var pool = Single("a", "**Short** [@smith-2020].", "A wrong answer of more letters.")
            + Single("b", "Yes.", "A long wrong answer that looks careful.")
            + Single("c", "Fine.", "A long wrong answer that looks careful.");
        Assert.Empty(Check(pool));
    }

    [Theory]
    [InlineData(new[] { false, false, false, true }, true)] // 25 % true
    [InlineData(new[] { true, true, true, false }, true)] // 75 % true
    [InlineData(new[] { true, true, false, false }, false)]
    [InlineData(new[] { true, true, false, false, false }, false)] // 40 %
    [InlineData(new[] { true, true, true, true, true, true, true, false, false, false, false }, false)] // 7 of 11 = 63.6 %
    [InlineData(new[] { false, false, false }, true)] // 2-3 items: one of each needed
    [InlineData(new[] { true, false, false }, false)]
    [InlineData(new[] { false }, false)] // one item: no share to speak of
    public void TrueFalseKeys_MustBeBalanced(bool[] answers, bool fails)
    {
        var pool = string.Concat(answers.Select((a, i) => TrueFalse($"tf-{i}", a)));
        var errors = Check(pool);
        Assert.Equal(fails, errors.Count == 1);
        if (fails)
        {
            Assert.Contains("true/false questions are keyed true", errors[0].Message, StringComparison.Ordinal);
            var majorityTrue = answers.Count(a => a) * 2 > answers.Length;
            Assert.Equal(LineOf(pool, $"## Question: tf-{Array.IndexOf(answers, majorityTrue)}"), errors[0].Line);
        }
    }

    [Theory]
    [InlineData(3, 2, true)]
    [InlineData(4, 2, true)]
    [InlineData(2, 2, false)]
    [InlineData(1, 3, false)]
    public void MultipleResponse_NeedsAtLeastAsManyWrongOptionsAsRight(int right, int wrong, bool fails)
    {
        var pool = TrueFalse("pad", true) + Multiple("m", right, wrong);
        var errors = Check(pool);
        Assert.Equal(fails, errors.Count == 1);
        if (fails)
        {
            Assert.Equal(LineOf(pool, "## Question: m"), errors[0].Line);
            Assert.Contains($"has {right} right and {wrong} wrong options", errors[0].Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("All of the above.")]
    [InlineData("None of the above")]
    [InlineData("Both of the above are right.")]
    [InlineData("all of these")]
    public void AllOrNoneOfTheAbove_IsAnError_OnItsOptionLine(string option)
    {
        var pool = Single("a", "Short.", "A long wrong answer that looks careful.", option);
        var error = Assert.Single(Check(pool));
        Assert.Equal(LineOf(pool, "- [ ] " + option), error.Line);
        Assert.Contains("\"all/none of the above\" options are not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionThatMerelyMentionsAll_IsFine()
    {
        Assert.Empty(Check(Single("a", "Short.", "A long wrong answer about all of the groups.", "None of these groups charge fees, so cost is no barrier.")));
    }

    [Fact]
    public void TheGates_RunInCheckContent_SoABrokenPoolIsNotPublished()
    {
        var root = QuizTestData.FixtureCopy(out var dir);
        QuizTestData.Edit(dir, "quiz.md", "- [ ] Another wrong answer.", "- [ ] None of the above.");

        var result = QuizTestData.Loader().LoadAll(root);

        Assert.Empty(result.Courses);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("content/courses/sample-course/quiz.md", 16), (error.File, error.Line));
    }
}
