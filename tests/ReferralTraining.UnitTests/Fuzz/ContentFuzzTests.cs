using CsCheck;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.UnitTests.Fuzz;

/// <summary>
/// Hostile course files: mutations of the real course.md, module and quiz.md files must never crash or hang the
/// loader, every rejection names file, line and problem, and whatever is rendered stays free of script.
/// </summary>
public sealed class ContentFuzzTests : IDisposable
{
    private static readonly MarkdownRenderer Renderer = new();
    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly CourseLoader loader = new(Renderer, new QuizParser(Renderer));
    private readonly string root = Path.Combine(Path.GetTempPath(), "rt-fuzz-content-" + Guid.NewGuid().ToString("N"));

    /// <summary>Every Markdown file of the real library and the test fixture.</summary>
    private static readonly string[] Folders = Directory.GetDirectories(Path.Combine(RepoPaths.Content, "courses"))
        .Append(Path.Combine(RepoPaths.FixtureContent, "courses", "sample-course")).Order(StringComparer.Ordinal).ToArray();

    private static readonly string[] FrontMatterFiles = Folders.SelectMany(f => Directory.GetFiles(f, "*.md"))
        .Where(f => Path.GetFileName(f) != QuizParser.FileName).Select(File.ReadAllText).ToArray();

    private static readonly string[] Bodies = FrontMatterFiles.Select(t => t[(t.IndexOf("\n---\n", 3, StringComparison.Ordinal) + 5)..])
        .Concat(File.ReadAllLines(Path.Combine(RepoPaths.Root, "tests", "fixtures", "gift", "hand-written.gift"))).ToArray();

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void FrontMatter_AnyMutation_ParsesOrSaysWhereItIsWrong()
    {
        Fuzz.Check(Fuzz.Mutated(FrontMatterFiles), text =>
        {
            var errors = new List<ContentError>();
            var fm = Fuzz.Bounded(() => FrontMatter.Parse(text, "course.md", errors));
            if (fm is null)
            {
                Assert.NotEmpty(errors);
            }
            else
            {
                // Reading every field the loader reads must not throw either.
                Fuzz.Bounded(() =>
                {
                    fm.RejectUnknownKeys(["id", "title"]);
                    _ = (fm.String("id", true), fm.Integer("estimated_minutes", true, 5, 2400), fm.Date("release_date"), fm.Map("quiz"), fm.List("objectives", true));
                });
            }
            Fuzz.AssertClear(errors, "course.md", Fuzz.LineCount(text));
        }, iterations: 800, print: t => Fuzz.Printable(t));
    }

    [Fact]
    public void Markdown_AnyMutation_RendersWithoutScriptOrUnsafeLinks()
    {
        var references = new Dictionary<string, Reference> { ["smith-2020"] = new("smith-2020", "Smith <script>, 2020", "x") };
        var modules = new Dictionary<string, string> { ["02-second.md"] = "/courses/x/modules/2" };
        Fuzz.Check(Fuzz.Mutated(Bodies), markdown =>
        {
            var errors = new List<ContentError>();
            var rendered = Fuzz.Bounded(() => Renderer.Render(markdown, "m.md", 0, references, modules, errors));
            Fuzz.AssertSafeHtml(rendered.Html);
            Fuzz.AssertSafeHtml(Fuzz.Bounded(() => Renderer.RenderInline(markdown)));
            Fuzz.AssertClear(errors, "m.md", Fuzz.LineCount(markdown));
        }, iterations: 150, print: t => Fuzz.Printable(t));
    }

    [Fact]
    public void CourseFolder_AnyMutatedFile_LoadsSafelyOrIsRefusedWithFileAndLine()
    {
        // One private copy of each folder; each case rewrites one file, loads, and puts the file back.
        var copies = Folders.Select(folder =>
        {
            var target = Path.Combine(root, "courses", Path.GetFileName(folder));
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(folder))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
            return target;
        }).ToArray();
        var files = copies.SelectMany(c => Directory.GetFiles(c, "*.md")).Order(StringComparer.Ordinal).ToArray();
        var originals = files.ToDictionary(f => f, File.ReadAllText);

        var cases = Gen.Int[0, files.Length - 1].SelectMany(i => Fuzz.Mutated([originals[files[i]]]).Select(text => (File: files[i], Text: text)));
        Fuzz.Check(cases, c =>
        {
            // Lone surrogates become U+FFFD, as an editor saving the file would write them.
            File.WriteAllText(c.File, c.Text, Utf8);
            try
            {
                var errors = new List<ContentError>();
                var course = Fuzz.Bounded(() => loader.LoadCourse(root, Path.GetDirectoryName(c.File)!, errors));
                foreach (var error in errors)
                {
                    Assert.StartsWith("content/courses/", error.File, StringComparison.Ordinal);
                    Assert.True(error.Line >= 0, error.ToString());
                    Fuzz.AssertReadable(error.Message);
                }
                var mutated = "content/courses/" + Path.GetRelativePath(Path.Combine(root, "courses"), c.File);
                Fuzz.AssertClear(errors.Where(e => e.File == mutated && e.Line > 0), mutated, Fuzz.LineCount(c.Text));
                if (course is not null && errors.Count == 0)
                {
                    AssertSafe(course);
                }
            }
            finally
            {
                File.WriteAllText(c.File, originals[c.File]);
            }
        }, iterations: 150, print: c => c.File + "\n" + Fuzz.Printable(c.Text));
    }

    private static void AssertSafe(CourseDefinition course)
    {
        Fuzz.AssertSafeHtml(course.OverviewHtml);
        foreach (var module in course.Modules)
        {
            Fuzz.AssertSafeHtml(module.Html);
        }
        foreach (var quizCase in course.Quiz?.Cases ?? [])
        {
            Fuzz.AssertSafeHtml(quizCase.Html);
        }
        foreach (var question in course.Quiz?.Questions ?? [])
        {
            Fuzz.AssertSafeHtml(question.StemHtml);
            Fuzz.AssertSafeHtml(question.GeneralFeedbackHtml);
            foreach (var option in question.Options)
            {
                Fuzz.AssertSafeHtml(option.Html);
                Fuzz.AssertSafeHtml(option.FeedbackHtml);
            }
        }
    }
}
