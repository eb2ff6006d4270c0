using ReferralTraining.Web.Infrastructure.Content;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.UnitTests.Features.Courses;

/// <summary>Quality gates on the real course library in content/.</summary>
public sealed class RepositoryContentTests
{
    private static readonly ContentLoadResult Library = new CourseLoader(new MarkdownRenderer(), new ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizParser(new MarkdownRenderer())).LoadAll(RepoPaths.Content);

    [Fact]
    public void EveryCourse_PassesCheckContent()
    {
        var output = new StringWriter();
        var exitCode = ContentCheckCommand.Run([RepoPaths.Content], output);
        Assert.True(exitCode == 0, output.ToString());
        Assert.Empty(Library.Errors);
    }

    [Fact]
    public void FoundationCourse_IntensiveReferral_IsPresentWithThreeToFiveModulesAndReferences()
    {
        var course = Library.Courses.Single(c => c.Id == "intensive-referral");
        Assert.InRange(course.Modules.Count, 3, 5);
        Assert.NotEmpty(course.References);
        Assert.All(course.Modules, m => Assert.NotEmpty(m.CitedReferenceIds));
    }

    [Fact]
    public void EveryReference_IsCitedSomewhere_AndEveryModuleTeachesAnObjective()
    {
        foreach (var course in Library.Courses)
        {
            var cited = course.Modules.SelectMany(m => m.CitedReferenceIds).ToHashSet();
            var uncited = course.References.Where(r => !cited.Contains(r.Id) && !course.OverviewHtml.Contains($"#ref-{r.Id}\"", StringComparison.Ordinal)).Select(r => r.Id).ToList();
            Assert.True(uncited.Count == 0, $"{course.Id}: references never cited: {string.Join(", ", uncited)}");
            Assert.All(course.Modules, m => Assert.True(m.ObjectiveIds.Count > 0, $"{course.Id} module {m.Number} names no objective"));
            var taught = course.Modules.SelectMany(m => m.ObjectiveIds).ToHashSet();
            Assert.All(course.Objectives, o => Assert.True(taught.Contains(o.Id), $"{course.Id}: objective {o.Id} is taught by no module"));
        }
    }
}
