using System.Globalization;

namespace ReferralTraining.Benchmarks;

/// <summary>Command-line settings. Every one has a default except the connection string.</summary>
internal sealed class BenchOptions
{
    public string ConnectionString { get; private set; } = "";
    public int Clinicians { get; private set; } = 200;
    public int Concurrency { get; private set; } = 64;
    public int WarmupSeconds { get; private set; } = 5;
    public int DurationSeconds { get; private set; } = 20;
    /// <summary>Copies of the benchmark course each clinician is enrolled in; 0 = enough for the run (see <see cref="CourseCopies"/>).</summary>
    public int Courses { get; private set; }
    public string ContentPath { get; private set; } = Path.Combine(RepoRoot, "bench", "content");
    public string? ResultsPath { get; private set; } = Path.Combine(RepoRoot, "bench", "results.md");
    public double? PgbenchTps { get; private set; }
    public string PgbenchCommand { get; private set; } = "";
    public int Seed { get; private set; } = 20261126;

    /// <summary>The attempt budget a run may use up, at most: this many graded submissions per second over warm-up plus measurement.</summary>
    public const int CapacityPerSecond = 2_000;

    /// <summary>Enough enrollments (clinician × course copy × attempts allowed) that no worker runs out at up to <see cref="CapacityPerSecond"/>.</summary>
    public int CourseCopies(int attemptsAllowed) => Courses > 0
        ? Courses
        : Math.Max(1, (int)Math.Ceiling((double)CapacityPerSecond * (WarmupSeconds + DurationSeconds) / ((double)Clinicians * attemptsAllowed)));

    public const string Usage = """
        ReferralTraining.Benchmarks: graded quiz submissions per second against the real app (see README, "Benchmarks").

          --connection "Host=…;Port=…;Username=…;Database=…"   PostgreSQL for the app (required; or RT_BENCH_POSTGRES)
          --clinicians N        accounts created, enrolled and signed in during setup (200)
          --concurrency C       clinicians submitting at the same time (64)
          --warmup S            seconds of load before measuring (5)
          --duration S          measured seconds (20)
          --courses K           copies of the benchmark course per clinician (0 = enough attempts for 2,000/s)
          --content PATH        folder holding courses/bench-quiz (bench/content)
          --results PATH        markdown results file to update ("-" = none) (bench/results.md)
          --pgbench-tps X       the database's own write limit, measured by run.sh, for the ratio
          --pgbench-command S   how X was measured (for the report)
          --seed N              random seed for answer choice (20261126)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions { ConnectionString = Environment.GetEnvironmentVariable("RT_BENCH_POSTGRES") ?? "" };
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                throw new UsageException("");
            }
            if (i + 1 >= args.Length)
            {
                throw new UsageException($"{name} needs a value.");
            }
            var value = args[++i];
            switch (name)
            {
                case "--connection": o.ConnectionString = value; break;
                case "--clinicians": o.Clinicians = Int(name, value, 1, 100_000); break;
                case "--concurrency": o.Concurrency = Int(name, value, 1, 10_000); break;
                case "--warmup": o.WarmupSeconds = Int(name, value, 0, 3_600); break;
                case "--duration": o.DurationSeconds = Int(name, value, 1, 3_600); break;
                case "--courses": o.Courses = Int(name, value, 0, 1_000); break;
                case "--content": o.ContentPath = Path.GetFullPath(value); break;
                case "--results": o.ResultsPath = value == "-" ? null : Path.GetFullPath(value); break;
                case "--pgbench-tps":
                    o.PgbenchTps = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var tps) && tps > 0
                        ? tps : throw new UsageException($"--pgbench-tps must be a positive number, not '{value}'.");
                    break;
                case "--pgbench-command": o.PgbenchCommand = value; break;
                case "--seed": o.Seed = Int(name, value, 0, int.MaxValue); break;
                default: throw new UsageException($"Unknown option {name}.");
            }
        }
        if (string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            throw new UsageException("--connection (or RT_BENCH_POSTGRES) is required.");
        }
        if (!Directory.Exists(Path.Combine(o.ContentPath, "courses", BenchContent.CourseId)))
        {
            throw new UsageException($"{Path.Combine(o.ContentPath, "courses", BenchContent.CourseId)} does not exist.");
        }
        return o;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{value}'.");

    /// <summary>The folder holding ReferralTraining.sln, found from the binaries.</summary>
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReferralTraining.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}

internal sealed class UsageException(string message) : Exception(message);
