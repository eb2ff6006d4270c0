using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.UnitTests.Features.Quizzes;

public sealed class QuizDrawerAndGraderTests
{
    private static readonly QuizPool Pool = QuizTestData.FixturePool();

    [Fact]
    public void Draw_CoversEveryObjective_WithTheConfiguredCount_ForManySeeds()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var drawn = QuizDrawer.Draw(Pool, seed);
            Assert.Equal(4, drawn.Count);
            Assert.Equal(4, drawn.Select(q => q.QuestionId).Distinct().Count());
            Assert.Equal(2, drawn.Count(q => q.ObjectiveIds[0] == "obj-one"));
            Assert.Equal(2, drawn.Count(q => q.ObjectiveIds[0] == "obj-two"));
        }
    }

    [Fact]
    public void Draw_IsDeterministicForASeed_AndVariesAcrossSeeds()
    {
        static string Shape(IReadOnlyList<PresentedQuestion> qs) => string.Join("|", qs.Select(q => q.QuestionId + ":" + string.Join(",", q.Options.Select(o => o.Id))));
        Assert.Equal(Shape(QuizDrawer.Draw(Pool, 42)), Shape(QuizDrawer.Draw(Pool, 42)));
        var shapes = Enumerable.Range(0, 50).Select(seed => Shape(QuizDrawer.Draw(Pool, seed))).Distinct().Count();
        Assert.True(shapes > 10, $"only {shapes} different draws in 50 seeds");
    }

    [Fact]
    public void Draw_ShufflesOptions_ButKeepsOrderWhenAsked_AndNeverShowsStepsInOrder()
    {
        var singleOrders = new HashSet<string>();
        for (var seed = 0; seed < 100; seed++)
        {
            foreach (var q in QuizDrawer.Draw(Pool, seed))
            {
                var ids = string.Join(",", q.Options.Select(o => o.Id));
                switch (q.QuestionId)
                {
                    case "two-multiple-strict": Assert.Equal("a,b,c,d", ids); break;
                    case "one-true-false": Assert.Equal("true,false", ids); break;
                    case "two-ordering": Assert.NotEqual("a,b,c", ids); Assert.Equal(["a", "b", "c"], q.CorrectOrder); break;
                    case "one-single": singleOrders.Add(ids); break;
                }
            }
        }
        Assert.True(singleOrders.Count > 1);
    }

    private static PresentedQuestion Question(string id) =>
        Enumerable.Range(0, 100).SelectMany(seed => QuizDrawer.Draw(Pool, seed)).First(q => q.QuestionId == id);

    [Theory]
    [InlineData("one-single", new[] { "a" }, 1.0)]
    [InlineData("one-single", new[] { "b" }, 0.0)]
    [InlineData("one-single", new string[0], 0.0)]
    [InlineData("one-true-false", new[] { "true" }, 1.0)]
    [InlineData("one-true-false", new[] { "false" }, 0.0)]
    [InlineData("one-multiple", new[] { "a", "b" }, 1.0)]
    [InlineData("one-multiple", new[] { "a" }, 0.5)]
    [InlineData("one-multiple", new[] { "a", "c" }, 0.0)]
    [InlineData("one-multiple", new[] { "a", "b", "c" }, 0.5)]
    [InlineData("one-multiple", new[] { "c", "d" }, 0.0)]
    [InlineData("two-multiple-strict", new[] { "a", "c" }, 1.0)]
    [InlineData("two-multiple-strict", new[] { "a" }, 0.0)]
    [InlineData("two-multiple-strict", new[] { "a", "b", "c" }, 0.0)]
    [InlineData("two-ordering", new[] { "a", "b", "c" }, 1.0)]
    [InlineData("two-ordering", new[] { "b", "a", "c" }, 0.0)]
    public void Grade_ScoresEachTypeAndRule(string questionId, string[] selected, double expected) =>
        Assert.Equal(expected, QuizGrader.Grade(Question(questionId), selected), 6);

    [Theory]
    [InlineData(new[] { 1.0, 1.0, 1.0, 0.0 }, 75)]
    [InlineData(new[] { 1.0, 1.0, 0.5, 0.45 }, 73)]
    [InlineData(new double[0], 0)]
    public void ScorePercent_RoundsDown(double[] credits, int expected) => Assert.Equal(expected, QuizGrader.ScorePercent(credits));
}
