using System.Globalization;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Benchmarks;

/// <summary>
/// The benchmark course (bench/content/courses/bench-quiz: the test fixture's sample course with 20 attempts,
/// no cool-down and a 100 % pass mark) copied K times under distinct ids. A clinician enrolled in every copy has
/// K × 20 attempts, so a few hundred clinicians can keep the server busy for the whole run without any
/// out-of-band reset of their attempts.
/// </summary>
internal static class BenchContent
{
    public const string CourseId = "bench-quiz";

    public static string CopyId(int index) => $"{CourseId}-{index:000}";

    /// <summary>Writes the copies into a new temporary content folder and returns it.</summary>
    public static string Prepare(string contentPath, int copies)
    {
        var source = Path.Combine(contentPath, "courses", CourseId);
        var root = Path.Combine(Path.GetTempPath(), "rt-bench-content-" + Guid.NewGuid().ToString("N"));
        for (var i = 1; i <= copies; i++)
        {
            var target = Path.Combine(root, "courses", CopyId(i));
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source))
            {
                var text = File.ReadAllText(file);
                if (Path.GetFileName(file) == "course.md")
                {
                    var idLine = $"id: {CourseId}\n";
                    if (!text.Contains(idLine, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"{file} must contain the line '{idLine.Trim()}'.");
                    }
                    text = text.Replace(idLine, $"id: {CopyId(i)}\n", StringComparison.Ordinal);
                }
                File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), text);
            }
        }
        return root;
    }

    /// <summary>How many attempts the benchmark course allows, read from its front matter before the app starts.</summary>
    public static int AttemptsAllowed(string contentPath)
    {
        foreach (var line in File.ReadLines(Path.Combine(contentPath, "courses", CourseId, "course.md")))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("attempts_allowed:", StringComparison.Ordinal))
            {
                return int.Parse(trimmed["attempts_allowed:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException("The benchmark course has no attempts_allowed.");
    }
}

/// <summary>What a right (or a wrong) answer to one question is, from the published pool: the key stays in the benchmark.</summary>
internal sealed record QuestionKey(string Id, QuestionType Type, IReadOnlyList<string> Correct, IReadOnlyList<string> Wrong, IReadOnlyList<string> CorrectOrder)
{
    public static Dictionary<string, QuestionKey> From(QuizPool pool) => pool.Questions.ToDictionary(q => q.Id, q => new QuestionKey(
        q.Id, q.Type,
        q.Options.Where(o => o.Correct).Select(o => o.Id).ToList(),
        q.Options.Where(o => !o.Correct).Select(o => o.Id).ToList(),
        q.Options.Select(o => o.Id).ToList()));
}
