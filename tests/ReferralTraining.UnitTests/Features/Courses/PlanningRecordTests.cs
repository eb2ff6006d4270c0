using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Planning;

namespace ReferralTraining.UnitTests.Features.Courses;

/// <summary>
/// The planning record (issue 22 item 3): planning.yaml parses into <see cref="PlanningRecord"/>, the objective map is
/// derived from the content, and check-content refuses each gap in the record at file:line.
/// </summary>
public sealed class PlanningRecordTests
{
    private readonly CourseLoader loader = new(new MarkdownRenderer(), new ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizParser(new MarkdownRenderer()));

    private const string Folder = "content/courses/sample-course/";

    private static string Edit(string file, string from, string to, string? root = null)
    {
        root ??= RepoPaths.CopyFixtureContent();
        var path = Path.Combine(root, "courses", "sample-course", file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        return root;
    }

    [Fact]
    public void TheFixture_LoadsItsPlanningRecord()
    {
        var result = loader.LoadAll(RepoPaths.FixtureContent);
        Assert.Empty(result.Errors);
        var planning = Assert.Single(result.Courses).Planning!;
        Assert.Equal("Test clinicians do the first thing rarely.", planning.Gap.CurrentPractice);
        Assert.Equal("The fictional reference supports doing the first thing with every patient.", planning.Gap.BestPractice);
        Assert.Equal(2, planning.NeedsSources.Count);
        Assert.Equal(("smith-2020", "Smith A. A fictional reference used only by the test suite. Test J. 2020;1(1):1-2."),
            (planning.NeedsSources[0].ReferenceId, planning.NeedsSources[0].Citation));
        Assert.Equal((null, "Learner evaluations of version 0.9.0 (fictional)", "Learners asked for the second thing."),
            (planning.NeedsSources[1].ReferenceId, planning.NeedsSources[1].Citation, planning.NeedsSources[1].Finding));
        Assert.Equal([MooreLevels.Knowledge, MooreLevels.Competence, MooreLevels.Performance], planning.DesiredChanges.Select(c => c.Level));
        Assert.Equal([MooreLevels.Quiz, MooreLevels.Scenarios], planning.DesiredChanges[1].MeasuredBy);
    }

    [Fact]
    public void TheObjectiveMap_IsDerivedFromQuestionsScenariosAndTheirChecklistItems()
    {
        var root = Edit("scenarios/fixture-first-meeting.md", "estimated_minutes: 5\n", "estimated_minutes: 5\nobjectives: [obj-two]\n");
        var result = loader.LoadAll(root);
        Assert.Empty(result.Errors);
        var course = Assert.Single(result.Courses);
        var map = course.ObjectiveMap();
        Assert.Equal(["obj-one", "obj-two"], map.Select(m => m.ObjectiveId));
        var one = map[0];
        Assert.Equal(course.Quiz!.Questions.Where(q => q.ObjectiveIds.Contains("obj-one")).Select(q => q.Id), one.QuestionIds);
        Assert.Contains("one-single", one.QuestionIds);
        Assert.Contains("one-multiple", one.QuestionIds);
        Assert.DoesNotContain("two-ordering", one.QuestionIds);
        Assert.Empty(one.ScenarioIds);
        Assert.Empty(one.FollowUpItems);
        var two = map[1];
        Assert.Contains("one-multiple", two.QuestionIds);
        Assert.Contains("two-ordering", two.QuestionIds);
        Assert.Equal(["fixture-first-meeting"], two.ScenarioIds);
        Assert.Equal(["fixture-steps.ask-experience", "fixture-steps.offer-contact", "fixture-steps.no-confronting"], two.FollowUpItems.Select(i => i.Key));
        Assert.All(two.FollowUpItems, i => Assert.False(string.IsNullOrWhiteSpace(i.Text)));
    }

    [Theory]
    [InlineData("planning.yaml", "  current_practice: Test clinicians do the first thing rarely.\n", "  current_practice:\n", "planning.yaml", 3, "Field 'current_practice' in gap must not be empty.")]
    [InlineData("planning.yaml", "gap:\n  current_practice: Test clinicians do the first thing rarely.\n  best_practice: The fictional reference supports doing the first thing with every patient.\n", "", "planning.yaml", 1, "The planning record needs 'gap'")]
    [InlineData("planning.yaml", "  - ref: smith-2020\n", "  - ref: ghost-2001\n", "planning.yaml", 6, "Needs source names unknown reference 'ghost-2001'")]
    [InlineData("planning.yaml", "  - source: Learner evaluations of version 0.9.0 (fictional)\n", "  - ref: smith-2020\n    source: Learner evaluations\n", "planning.yaml", 8, "A needs source names either 'ref'")]
    [InlineData("planning.yaml", "desired_changes:", "changes_desired:", "planning.yaml", 1, "The planning record names no Moore level")]
    [InlineData("planning.yaml", "  - level: knowledge\n", "  - level: wisdom\n", "planning.yaml", 11, "Moore level 'wisdom' is not one of: knowledge, competence, performance, patient-outcomes.")]
    [InlineData("planning.yaml", "    measured_by: [follow-ups]\n", "    measured_by: [guesswork]\n", "planning.yaml", 19, "'measured_by' of performance must list at least one of")]
    [InlineData("course.md", "  - id: obj-two\n    text: List the second thing.\n", "  - id: obj-two\n    text: List the second thing.\n  - id: obj-three\n    text: Name the third thing.\n", "course.md", 13, "Objective 'obj-three' has no question: every objective needs at least one question")]
    [InlineData("quiz.md", "Objectives: obj-one\nSources: smith-2020\nCase: pat\n", "Sources: smith-2020\nCase: pat\n", "quiz.md", 4, "Question 'one-single' names no objective")]
    [InlineData("quiz.md", "Objectives: obj-one\nSources: smith-2020\nCase: pat\n", "Objectives: obj-nine\nSources: smith-2020\nCase: pat\n", "quiz.md", 6, "Objective 'obj-nine' is not defined in course.md.")]
    [InlineData("scenarios/fixture-first-meeting.md", "estimated_minutes: 5\n", "estimated_minutes: 5\nobjectives: [obj-nine]\n", "scenarios/fixture-first-meeting.md", 6, "Objective 'obj-nine' is not defined in course.md.")]
    public void PlanningProblems_AreReportedWithFileAndLine_AndTheCourseIsNotLoaded(string file, string from, string to, string errorFile, int line, string message)
    {
        var result = loader.LoadAll(Edit(file, from, to));
        Assert.Empty(result.Courses);
        Assert.True(result.Errors.Any(e => e.File == Folder + errorFile && e.Line == line && e.Message.StartsWith(message, StringComparison.Ordinal)),
            $"expected {Folder}{errorFile}:{line}: {message}… but got: {string.Join(" | ", result.Errors)}");
    }

    [Fact]
    public void AMissingPlanningRecord_IsReportedOnCourseMd()
    {
        var root = RepoPaths.CopyFixtureContent();
        File.Delete(Path.Combine(root, "courses", "sample-course", PlanningLoader.FileName));
        var result = loader.LoadAll(root);
        Assert.Empty(result.Courses);
        Assert.Contains(result.Errors, e => e.File == Folder + "course.md" && e.Line == 1 && e.Message.StartsWith("The course has no planning record: add planning.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void ScenariosAsAMeasure_NeedScenariosInTheCourse()
    {
        var root = RepoPaths.CopyFixtureContent();
        Directory.Delete(Path.Combine(root, "courses", "sample-course", "scenarios"), recursive: true);
        var result = loader.LoadAll(root);
        Assert.Empty(result.Courses);
        Assert.Contains(result.Errors, e => e.File == Folder + "planning.yaml" && e.Line == 16 && e.Message == "competence is measured by 'scenarios' but the course has no practice scenarios.");
    }

    [Fact]
    public void ThePlanningRecord_IsPartOfTheVersionHash()
    {
        var before = Assert.Single(loader.LoadAll(RepoPaths.FixtureContent).Courses).ContentHash;
        var root = Edit("planning.yaml", "Learners asked for the second thing.", "Learners asked for the third thing.");
        var after = Assert.Single(loader.LoadAll(root).Courses).ContentHash;
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void EveryShippedCourse_HasAPlanningRecordWithEveryObjectiveAssessed()
    {
        var result = loader.LoadAll(RepoPaths.Content);
        Assert.Empty(result.Errors);
        Assert.Equal(9, result.Courses.Count);
        Assert.All(result.Courses, c =>
        {
            Assert.NotNull(c.Planning);
            Assert.Contains(c.Planning.DesiredChanges, d => d.Level == MooreLevels.Performance && d.MeasuredBy.Contains(MooreLevels.FollowUps));
            Assert.All(c.Planning.NeedsSources, n => Assert.NotNull(n.ReferenceId));
            Assert.All(c.ObjectiveMap(), o => Assert.NotEmpty(o.QuestionIds));
            // Every scenario names the objectives it practices, so none is missing from the map.
            Assert.All(c.Scenarios, s => Assert.NotEmpty(s.ObjectiveIds));
        });
    }
}
