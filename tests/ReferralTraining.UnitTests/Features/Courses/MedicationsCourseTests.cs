using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.UnitTests.Features.Courses;

/// <summary>Issue 18, item 1: medications, the groups' positions and overdose safety are taught and assessed.</summary>
public sealed class MedicationsCourseTests
{
    private static readonly CourseDefinition Course =
        new CourseLoader(new MarkdownRenderer(), new QuizParser(new MarkdownRenderer())).LoadAll(RepoPaths.Content)
            .Courses.Single(c => c.Id == "medications-and-mutual-help");

    [Theory]
    [InlineData("buprenorphine")]
    [InlineData("methadone")]
    [InlineData("naltrexone")]
    [InlineData("acamprosate")]
    [InlineData("disulfiram")]
    [InlineData("naloxone")]
    [InlineData("Bulletin #29")]
    [InlineData("Medication-Assisted Recovery Anonymous")]
    [InlineData("SMART Recovery")]
    public void TheModules_TeachEachRequiredTopic(string topic) =>
        Assert.Contains(Course.Modules, m => m.Html.Contains(topic, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void TheQuiz_AssessesMedicationsGroupsPreparationAndOverdose_WithACaseSet()
    {
        var quiz = Assert.IsType<QuizPool>(Course.Quiz);
        foreach (var objective in new[] { "obj-medications", "obj-groups", "obj-prepare", "obj-overdose" })
        {
            Assert.True(quiz.Questions.Count(q => q.PrimaryObjective == objective) >= quiz.Settings.Draw[objective],
                $"{objective} has fewer questions than it draws");
        }
        Assert.Contains(quiz.Questions, q => q.PrimaryObjective == "obj-overdose" && q.CaseId is not null);
        Assert.Contains(quiz.Questions, q => q.Options.Any(o => o.Markdown.Contains("naloxone", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void EveryModule_CitesItsSources_AndNamesAnObjective()
    {
        Assert.InRange(Course.Modules.Count, 3, 5);
        Assert.All(Course.Modules, m => Assert.NotEmpty(m.CitedReferenceIds));
        Assert.All(Course.Modules, m => Assert.NotEmpty(m.ObjectiveIds));
    }
}
