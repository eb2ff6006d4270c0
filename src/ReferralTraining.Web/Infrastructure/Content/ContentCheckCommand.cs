using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Infrastructure.Content;

/// <summary><c>check-content [folder]</c>: validates every course and exits non-zero on any error.</summary>
public static class ContentCheckCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        // `dotnet run` starts in the project folder: a relative path is also tried from the repository root.
        var folder = args.Length == 0 ? FindContentFolder()
            : Directory.Exists(args[0]) || Path.IsPathRooted(args[0]) ? args[0]
            : FindContentFolder() is { } content ? Path.Combine(Path.GetDirectoryName(content)!, args[0]) : args[0];
        if (folder is null || !Directory.Exists(folder))
        {
            output.WriteLine($"check-content: content folder not found ({folder ?? "searched upwards for content/courses"}).");
            return 2;
        }
        var renderer = new MarkdownRenderer();
        var result = new CourseLoader(renderer, new ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizParser(renderer)).LoadAll(Path.GetFullPath(folder));
        var menuErrors = new List<ContentError>();
        var menu = ReferralTraining.Web.Features.ReferralMenu.ReferralMenuLoader.Load(Path.GetFullPath(folder), menuErrors);
        foreach (var error in result.Errors.Concat(menuErrors))
        {
            output.WriteLine(error);
        }
        foreach (var course in result.Courses)
        {
            output.WriteLine($"ok  {course.Id} {course.Version}: {course.Modules.Count} modules, {course.Modules.Sum(m => m.WordCount)} words, {course.Quiz?.Questions.Count ?? 0} quiz questions, {course.Scenarios.Count} scenarios, hash {course.ContentHash[..12]}");
        }
        if (menu is not null)
        {
            output.WriteLine($"ok  referral menu: {menu.Groups.Count} organizations");
        }
        var errorCount = result.Errors.Count + menuErrors.Count;
        output.WriteLine($"check-content: {result.Courses.Count} course(s) valid, {errorCount} error(s).");
        return errorCount == 0 ? 0 : 1;
    }

    private static string? FindContentFolder()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content");
            if (Directory.Exists(Path.Combine(candidate, "courses")))
            {
                return candidate;
            }
        }
        return null;
    }
}
