using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.UnitTests.Features.Courses;

public sealed class CourseLoaderTests
{
    private readonly CourseLoader loader = new(new MarkdownRenderer(), new ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizParser(new MarkdownRenderer()));

    private static string SampleDir(string root) => Path.Combine(root, "courses", "sample-course");

    private static void Edit(string root, string file, string from, string to)
    {
        var path = Path.Combine(SampleDir(root), file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidCourse_LoadsWithModulesObjectivesAndReferences()
    {
        var result = loader.LoadAll(RepoPaths.FixtureContent);
        Assert.Empty(result.Errors);
        var course = Assert.Single(result.Courses);
        Assert.Equal(("sample-course", "1.0.0", 17), (course.Id, course.Version, course.EstimatedMinutes));
        Assert.Equal(["The first module", "The second module"], course.Modules.Select(m => m.Title));
        Assert.Equal(["obj-one"], course.Modules[0].ObjectiveIds);
        Assert.Contains("(<a href=\"#ref-smith-2020\">Smith, 2020</a>)", course.OverviewHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void RawHtml_IsShownAsText_NeverRendered()
    {
        var module = loader.LoadAll(RepoPaths.FixtureContent).Courses[0].Modules[0];
        Assert.DoesNotContain("<script", module.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", module.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentHash_IgnoresLineEndings_ButChangesWithContent()
    {
        var original = loader.LoadAll(RepoPaths.FixtureContent).Courses[0].ContentHash;

        var crlf = RepoPaths.CopyFixtureContent();
        foreach (var file in Directory.GetFiles(SampleDir(crlf)))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("\n", "\r\n", StringComparison.Ordinal));
        }
        Assert.Equal(original, loader.LoadAll(crlf).Courses[0].ContentHash);

        var edited = RepoPaths.CopyFixtureContent();
        Edit(edited, "02-second.md", "List it.", "List it twice.");
        Assert.NotEqual(original, loader.LoadAll(edited).Courses[0].ContentHash);
    }

    [Theory]
    [InlineData("01-first.md", "[the second module](02-second.md)", "[a missing module](03-third.md)", 9, "Link to '03-third.md' does not name a module of this course.")]
    [InlineData("01-first.md", "[the second module](02-second.md)", "[bad](javascript:alert(1))", 9, "Link 'javascript:alert(1)' is not allowed")]
    [InlineData("02-second.md", "A patient asks", "A patient [@smith-2020; @ghost-2001] asks", 9, "Citation [@ghost-2001] does not match any reference id in course.md.")]
    [InlineData("01-first.md", "objectives: [obj-one]", "objectives: [obj-nine]", 3, "Objective 'obj-nine' is not defined in course.md.")]
    [InlineData("01-first.md", "title: The first module", "title: The first module\nlevel: 2", 3, "Unknown field 'level'")]
    [InlineData("course.md", "id: sample-course", "id: Sample Course", 2, "Field 'id' must use lowercase letters")]
    [InlineData("course.md", "version: 1.0.0", "version: one", 4, "Field 'version' must look like 1.0.0")]
    [InlineData("course.md", "estimated_minutes: 17", "estimated_minutes: soon", 7, "Field 'estimated_minutes' must be a whole number")]
    [InlineData("course.md", "  - id: obj-two", "  - id: obj-one", 11, "Duplicate objective id 'obj-one'.")]
    public void ProblemsAreReported_WithFileAndLine_AndTheCourseIsNotLoaded(string file, string from, string to, int line, string message)
    {
        var root = RepoPaths.CopyFixtureContent();
        Edit(root, file, from, to);
        var result = loader.LoadAll(root);
        Assert.Empty(result.Courses);
        var expectedFile = $"content/courses/sample-course/{file}";
        Assert.True(result.Errors.Any(e => e.File == expectedFile && e.Line == line && e.Message.StartsWith(message, StringComparison.Ordinal)),
            $"expected {expectedFile}:{line}: {message}… but got: {string.Join(" | ", result.Errors)}");
    }

    [Fact]
    public void ModuleFileNotListed_IsAnError()
    {
        var root = RepoPaths.CopyFixtureContent();
        File.WriteAllText(Path.Combine(SampleDir(root), "03-extra.md"), "---\ntitle: Extra\n---\nText.\n");
        var error = Assert.Single(loader.LoadAll(root).Errors);
        Assert.Equal("content/courses/sample-course/course.md:17: Module file '03-extra.md' exists but is not listed in 'modules'.", error.ToString());
    }

    [Fact]
    public void MissingFrontMatter_IsAnError()
    {
        var root = RepoPaths.CopyFixtureContent();
        File.WriteAllText(Path.Combine(SampleDir(root), "02-second.md"), "# No front matter\n");
        var error = Assert.Single(loader.LoadAll(root).Errors);
        Assert.Equal("content/courses/sample-course/02-second.md", error.File);
        Assert.Equal(1, error.Line);
    }
}
