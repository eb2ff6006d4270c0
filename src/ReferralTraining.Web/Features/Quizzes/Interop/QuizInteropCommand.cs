using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>
/// <c>quiz-export &lt;course-folder&gt; [--out file.gift]</c> and
/// <c>quiz-import --from gift|aiken &lt;file&gt; --objective &lt;id&gt; --source &lt;id&gt; [--out quiz.md]</c>.
/// Exit codes: 0 done (skipped questions are listed), 1 nothing usable or invalid input, 2 wrong arguments.
/// </summary>
public static partial class QuizInteropCommand
{
    private const string ExportUsage = "usage: quiz-export <course-folder> [--out file.gift]";
    private const string ImportUsage = "usage: quiz-import --from gift|aiken <file> --objective <objective-id> --source <reference-id> [--out quiz.md]";

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    public static int Run(string[] args, TextWriter output) => Run(args, output, Console.Error);

    /// <param name="args">The verb, then its arguments.</param>
    /// <param name="output">The converted text when there is no --out, else the summary.</param>
    /// <param name="report">Summary and problems when the converted text goes to <paramref name="output"/>.</param>
    public static int Run(string[] args, TextWriter output, TextWriter report)
    {
        if (!TryParse(args.Skip(1).ToArray(), out var positional, out var options))
        {
            return Usage(report, args.FirstOrDefault() == "quiz-export" ? ExportUsage : ImportUsage);
        }
        var outFile = options.TryGetValue("out", out var outPath) ? Resolve(outPath) : null;
        var log = outFile is null ? report : output;
        return args.FirstOrDefault() switch
        {
            "quiz-export" => Export(positional, options, outFile, output, log),
            "quiz-import" => Import(positional, options, outFile, output, log),
            var verb => Usage(report, $"unknown verb '{verb}': use quiz-export or quiz-import"),
        };
    }

    private static int Export(List<string> positional, Dictionary<string, string> options, string? outFile, TextWriter output, TextWriter log)
    {
        if (positional.Count != 1 || options.Keys.Any(k => k != "out"))
        {
            return Usage(log, ExportUsage);
        }
        var folder = Resolve(positional[0]);
        if (!File.Exists(Path.Combine(folder, CourseLoader.CourseFile)))
        {
            log.WriteLine($"quiz-export: {positional[0]} is not a course folder (no {CourseLoader.CourseFile}).");
            return 1;
        }
        // Export only what check-content accepts: a broken pool would carry its mistakes into Moodle.
        var renderer = new MarkdownRenderer();
        var errors = new List<ContentError>();
        var contentRoot = Directory.GetParent(folder)?.Parent?.FullName ?? folder;
        var course = new CourseLoader(renderer, new QuizParser(renderer)).LoadCourse(contentRoot, folder, errors);
        foreach (var error in errors)
        {
            log.WriteLine(error);
        }
        if (course is null || errors.Count > 0)
        {
            log.WriteLine($"quiz-export: the course has {errors.Count} error(s); fix them first (check-content).");
            return 1;
        }
        if (course.Quiz is null)
        {
            log.WriteLine($"quiz-export: course '{course.Id}' has no quiz.");
            return 1;
        }

        var export = GiftFormat.Export(PortablePool.From(course.Quiz), $"{course.Id} {course.Version}");
        Write(export.Text, outFile, output);
        foreach (var skip in export.Skipped)
        {
            log.WriteLine($"{Path.Combine(folder, QuizParser.FileName)}:{skip.Line}: not exported '{skip.Name}': {skip.Reason}");
        }
        log.WriteLine($"quiz-export: {course.Quiz.Questions.Count - export.Skipped.Count} question(s) exported, {export.Skipped.Count} skipped.");
        return 0;
    }

    private static int Import(List<string> positional, Dictionary<string, string> options, string? outFile, TextWriter output, TextWriter log)
    {
        if (positional.Count != 1 || options.Keys.Any(k => k is not ("from" or "objective" or "source" or "out"))
            || !options.TryGetValue("from", out var from) || from is not ("gift" or "aiken")
            || !options.TryGetValue("objective", out var objective) || !options.TryGetValue("source", out var source))
        {
            return Usage(log, ImportUsage);
        }
        if (!IdPattern().IsMatch(objective) || !IdPattern().IsMatch(source))
        {
            log.WriteLine("quiz-import: --objective and --source take ids from course.md (lowercase letters, digits and hyphens).");
            return 2;
        }
        var file = Resolve(positional[0]);
        if (!File.Exists(file))
        {
            log.WriteLine($"quiz-import: {file} not found.");
            return 1;
        }
        var text = File.ReadAllText(file);

        PortablePool pool;
        if (from == "gift")
        {
            GiftImport import;
            try
            {
                import = GiftFormat.Import(text);
            }
            catch (FormatException ex)
            {
                log.WriteLine($"{file}: {ex.Message}");
                return 1;
            }
            foreach (var skip in import.Skipped)
            {
                log.WriteLine($"{file}:{skip.Line}: skipped '{skip.Name}': {skip.Reason}");
            }
            foreach (var change in import.WeightChanges)
            {
                log.WriteLine($"{file}:{change.Line}: weights changed in '{change.Id}': {change.Change}");
            }
            pool = import.Pool;
            log.WriteLine($"quiz-import: {pool.Questions.Count} question(s) converted, {import.Skipped.Count} skipped, weights changed in {import.WeightChanges.Count}.");
        }
        else
        {
            var (aiken, errors) = AikenFormat.Import(text, file);
            // A malformed question is reported and left out; the rest of the file is still converted.
            foreach (var error in errors)
            {
                log.WriteLine($"{error} (question skipped)");
            }
            pool = aiken;
            log.WriteLine($"quiz-import: {pool.Questions.Count} question(s) converted, {errors.Count} problem(s) reported.");
        }
        if (pool.Questions.Count == 0)
        {
            log.WriteLine("quiz-import: no question could be converted; nothing written.");
            return 1;
        }
        Write(QuizMarkdownWriter.Write(pool, objective, source), outFile, output);
        log.WriteLine("quiz-import: review the objectives, sources and feedback, then run check-content.");
        return 0;
    }

    private static void Write(string text, string? outFile, TextWriter output)
    {
        if (outFile is null)
        {
            output.Write(text);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
            File.WriteAllText(outFile, text);
        }
    }

    /// <summary>
    /// Relative paths are taken from the repository root when run inside the repository: `dotnet run`
    /// starts a web project in its own folder, not where the author typed the command.
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReferralTraining.sln")))
            {
                return Path.Combine(dir.FullName, path);
            }
        }
        return Path.GetFullPath(path);
    }

    private static int Usage(TextWriter log, string message)
    {
        log.WriteLine(message);
        return 2;
    }

    /// <summary>Splits "--name value" pairs from positional arguments; false on a flag without a value or given twice.</summary>
    private static bool TryParse(string[] args, out List<string> positional, out Dictionary<string, string> options)
    {
        positional = [];
        options = [];
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(args[i]);
            }
            else if (i + 1 >= args.Length || !options.TryAdd(args[i][2..], args[i + 1]))
            {
                return false;
            }
            else
            {
                i++;
            }
        }
        return true;
    }
}
