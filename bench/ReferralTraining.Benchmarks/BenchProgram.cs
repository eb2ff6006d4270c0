using System.Diagnostics;
using System.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Benchmarks;

/// <summary>Entry point (not top-level statements: <c>Program</c> must keep naming the web app's entry point).</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (UsageException ex)
        {
            var help = ex.Message.Length == 0;
            (help ? Console.Out : Console.Error).WriteLine((help ? "" : ex.Message + "\n\n") + BenchOptions.Usage);
            return help ? 0 : 64;
        }

        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the current
        // folder (test runners start in the output folder; we may be started from anywhere). Paths are absolute by now.
        Environment.CurrentDirectory = AppContext.BaseDirectory;

        var attemptsAllowed = BenchContent.AttemptsAllowed(options.ContentPath);
        var copies = options.CourseCopies(attemptsAllowed);
        var courseIds = Enumerable.Range(1, copies).Select(BenchContent.CopyId).ToList();
        var contentRoot = BenchContent.Prepare(options.ContentPath, copies);
        var clinicians = new List<Clinician>();
        try
        {
            var (postgresVersion, postmaster) = await DescribeDatabaseAsync(options.ConnectionString);
            var machine = Machine.Describe(postgresVersion);
            Log($"{machine.Cores} cores, {machine.Memory}, load {machine.LoadBefore}; {postgresVersion}; server GC {GCSettings.IsServerGC}");

            await using var host = new BenchHost(options.ConnectionString, contentRoot);
            host.UseKestrel(0);
            var clock = Stopwatch.StartNew();
            host.StartServer();
            var baseAddress = host.ClientOptions.BaseAddress;
            Log($"App started on {baseAddress} in {clock.Elapsed.TotalSeconds:0.0} s (migrations, {copies} course copies published)");

            var key = await LoadKeyAsync(host.Services, courseIds, attemptsAllowed);

            clock.Restart();
            clinicians = await ClinicianSetup.CreateAsync(host.Services, options.Clinicians, courseIds);
            var created = clock.Elapsed;
            Log($"{clinicians.Count} clinicians created, enrolled in {copies} courses and marked read in {created.TotalSeconds:0.0} s");
            clock.Restart();
            await ClinicianSetup.SignInAllAsync(clinicians, baseAddress);
            var signedIn = clock.Elapsed;
            Log($"{clinicians.Count} clinicians signed in over HTTP in {signedIn.TotalSeconds:0.0} s");

            // Setup wrote a lot: flush it now so its checkpoint is not charged to the measured window.
            await CheckpointAsync(options.ConnectionString);

            var slots = clinicians.SelectMany(c => courseIds.Select(id => new Slot(c, id))).ToList();
            Log($"Load: {options.Concurrency} concurrent clinicians, {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s measured; {slots.Count * attemptsAllowed:N0} attempts available");
            var runner = new LoadRunner(slots, key, attemptsAllowed, options, new WindowMonitor(options.ConnectionString, postmaster));
            var result = await runner.RunAsync();

            var pool = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            var settings = new RunSettings(
                options.Clinicians, copies, attemptsAllowed, options.Concurrency, options.WarmupSeconds, options.DurationSeconds,
                $"Maximum Pool Size={pool.MaxPoolSize};Max Auto Prepare={pool.MaxAutoPrepare};No Reset On Close={pool.NoResetOnClose};Multiplexing={pool.Multiplexing}",
                pool.MaxPoolSize,
                $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC",
                $"{options.Clinicians} accounts with enrollment and reading {created.TotalSeconds:0.0} s, {options.Clinicians} sign-ins {signedIn.TotalSeconds:0.0} s");
            Console.WriteLine(Report.Console(result, settings, machine, options));
            if (options.ResultsPath is not null)
            {
                Report.WriteMarkdown(options.ResultsPath, result, settings, machine, options);
                Log($"Results written to {options.ResultsPath}");
            }
            return result.SubmitErrors > 0 || result.RanOutOfAttempts ? 2 : 0;
        }
        finally
        {
            foreach (var clinician in clinicians)
            {
                clinician.Dispose();
            }
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    private static void Log(string message) => Console.WriteLine($"[bench] {message}");

    private static async Task<(string Version, int? Postmaster)> DescribeDatabaseAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 'PostgreSQL ' || current_setting('server_version'), pg_backend_pid(), current_setting('fsync'), current_setting('synchronous_commit')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var version = reader.GetString(0);
        var backend = reader.GetInt32(1);
        if (reader.GetString(2) != "on" || reader.GetString(3) != "on")
        {
            Log($"WARNING: fsync={reader.GetString(2)}, synchronous_commit={reader.GetString(3)}: this is not a durable database");
            version += $" (fsync={reader.GetString(2)}, synchronous_commit={reader.GetString(3)})";
        }
        // The backend is a child of the postmaster; the monitor sums the CPU of the postmaster's children.
        var isLocal = connection.Host is "127.0.0.1" or "localhost" or "::1" || (connection.Host?.StartsWith('/') ?? false);
        return (version, isLocal ? WindowMonitor.ParentOf(backend) : null);
    }

    private static async Task CheckpointAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CHECKPOINT", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The answer key from the published pools; also checks every copy was published with the benchmark's rules.</summary>
    private static async Task<IReadOnlyDictionary<string, QuestionKey>> LoadKeyAsync(IServiceProvider services, IReadOnlyList<string> courseIds, int attemptsAllowed)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pools = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
            .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Quiz })
            .ToListAsync();
        var missing = courseIds.Except(pools.Select(p => p.Id)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Not published (see the content errors above): {string.Join(", ", missing)}");
        }
        var quiz = pools[0].Quiz ?? throw new InvalidOperationException("The benchmark course has no quiz.");
        if (quiz.Settings.AttemptsAllowed != attemptsAllowed || quiz.Settings.CooldownMinutes != 0 || quiz.Settings.PassingScore != 100)
        {
            throw new InvalidOperationException($"The benchmark course needs attempts_allowed: {attemptsAllowed}, cooldown_minutes: 0, passing_score: 100; it has {quiz.Settings}.");
        }
        return QuestionKey.From(quiz);
    }
}
