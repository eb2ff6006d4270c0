using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.UnitTests.Features.Quizzes;

internal static class QuizTestData
{
    public static CourseLoader Loader() => new(new MarkdownRenderer(), new QuizParser(new MarkdownRenderer()));

    public static QuizPool FixturePool() => Loader().LoadAll(RepoPaths.FixtureContent).Courses.Single().Quiz!;

    public static string FixtureCopy(out string courseDir)
    {
        var root = RepoPaths.CopyFixtureContent();
        courseDir = Path.Combine(root, "courses", "sample-course");
        return root;
    }

    public static void Edit(string courseDir, string file, string from, string to)
    {
        var path = Path.Combine(courseDir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
