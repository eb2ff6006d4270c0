using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.UnitTests.Fuzz;

/// <summary>Shrunk inputs from <see cref="ContentFuzzTests"/> that used to crash the content loader.</summary>
public sealed class ContentRegressionTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Theory]
    [InlineData("> ", 300)]
    [InlineData("[", 2_000)]
    [InlineData("*a ", 1_000)]
    public void DeeplyNestedMarkdown_IsAContentError_NotAnArgumentException(string token, int count)
    {
        var markdown = "Intro\n\n" + string.Concat(Enumerable.Repeat(token, count)) + "x";
        var errors = new List<ContentError>();

        var rendered = Renderer.Render(markdown, "m.md", 4, new Dictionary<string, Reference>(), new Dictionary<string, string>(), errors);

        if (errors.Count > 0)
        {
            var error = Assert.Single(errors);
            Assert.Equal(new ContentError("m.md", 5, MarkdownRenderer.TooDeep), error);
            Assert.Equal("", rendered.Html);
        }
        Fuzz.AssertSafeHtml(Renderer.RenderInline(markdown));
    }

    [Theory]
    [InlineData("id: x\n?  :", 3)]
    [InlineData("id: x\n- :", 3)]
    [InlineData(":\n- : y", 3)]
    public void YamlWithAMissingNode_IsInvalidYaml_WithItsLine(string yaml, int line)
    {
        var errors = new List<ContentError>();

        Assert.Null(FrontMatter.Parse("---\n" + yaml + "\n---\nbody", "course.md", errors));

        var error = Assert.Single(errors);
        Assert.StartsWith("Invalid YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal(("course.md", line), (error.File, error.Line));
    }

    [Fact]
    public void ModuleNumberInNonAsciiDigits_IsAnError_NotAFormatException()
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = Path.Combine(root, "courses", "sample-course", "course.md");
        File.WriteAllText(path, File.ReadAllText(path).Replace("  - 02-second.md", "  - 02-second.md\n  - ٠٣-third.md", StringComparison.Ordinal));
        var errors = new List<ContentError>();

        new CourseLoader(Renderer, new QuizParser(Renderer)).LoadCourse(root, Path.GetDirectoryName(path)!, errors);

        var error = Assert.Single(errors);
        Assert.Equal(("content/courses/sample-course/course.md", 20), (error.File, error.Line));
        Assert.StartsWith("Module file name '٠٣-third.md' must look like 01-introduction.md.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DrawKeyThatIsNotAName_IsAnError_NotAnInvalidCast()
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = Path.Combine(root, "courses", "sample-course", "course.md");
        File.WriteAllText(path, File.ReadAllText(path).Replace("    obj-two: 2", "    obj-two: 2\n    ? [obj-one]\n    : 1", StringComparison.Ordinal));
        var errors = new List<ContentError>();

        new CourseLoader(Renderer, new QuizParser(Renderer)).LoadCourse(root, Path.GetDirectoryName(path)!, errors);

        var error = Assert.Single(errors);
        Assert.Equal(("content/courses/sample-course/course.md", 28), (error.File, error.Line));
        Assert.StartsWith("Each entry in 'draw' is an objective id", error.Message, StringComparison.Ordinal);
    }
}
