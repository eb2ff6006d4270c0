using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ReferralTraining.Benchmarks;

/// <summary>Latency percentiles from every sample (sorted ticks), nearest-rank.</summary>
internal sealed class Latencies(long[] sortedTicks)
{
    public int Count => sortedTicks.Length;

    public double Percentile(double p) => sortedTicks.Length == 0 ? double.NaN
        : Ms(sortedTicks[Math.Clamp((int)Math.Ceiling(p / 100 * sortedTicks.Length) - 1, 0, sortedTicks.Length - 1)]);

    public double Max => sortedTicks.Length == 0 ? double.NaN : Ms(sortedTicks[^1]);

    public double Mean => sortedTicks.Length == 0 ? double.NaN : Ms((long)sortedTicks.Average());

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

internal sealed record Machine(int Cores, string Memory, string Cpu, string LoadBefore, string Os, string Runtime, string Postgres)
{
    public static Machine Describe(string postgresVersion)
    {
        string? Line(string file, string prefix) => File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) : null;
        var memKb = Line("/proc/meminfo", "MemTotal:")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = memKb is null ? "?" : $"{long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB";
        var cpu = Line("/proc/cpuinfo", "model name")?.Split(':', 2)[1].Trim() ?? "?";
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        var os = Line("/etc/os-release", "PRETTY_NAME=")?.Split('=', 2)[1].Trim('"') ?? System.Runtime.InteropServices.RuntimeInformation.OSDescription;
        return new Machine(Environment.ProcessorCount, memory, cpu, load, os, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, postgresVersion);
    }
}

internal sealed record RunSettings(
    int Clinicians, int CourseCopies, int AttemptsAllowed, int Concurrency, int WarmupSeconds, int DurationSeconds,
    string Pool, int PoolSize, string Gc, string SetupTime);

internal static class Report
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static double PerSecond(LoadResult r) => r.WindowSeconds <= 0 ? 0 : r.GradedOk / r.WindowSeconds;

    /// <summary>Cores used by other programs during the window, when more than a quarter of a core (else null).</summary>
    public static double? Disturbed(LoadResult r) => r.Cpu is { OtherCores: > 0.25 } cpu ? cpu.OtherCores : null;

    /// <summary>CPU time per graded submission (each one a start and a submit), and the rate the machine's cores would allow at that cost.</summary>
    public static (double AppMs, double PostgresMs, double Ceiling)? CpuPerSubmission(LoadResult r, Machine m)
    {
        var rate = PerSecond(r);
        if (r.Cpu is not { PostgresCores: { } postgres } cpu || rate <= 0)
        {
            return null;
        }
        var app = cpu.ProcessCores / rate * 1000;
        var db = postgres / rate * 1000;
        return (app, db, m.Cores * 1000 / (app + db));
    }

    public static string Console(LoadResult r, RunSettings s, Machine m, BenchOptions o)
    {
        var submit = new Latencies(r.SubmitTicks);
        var start = new Latencies(r.StartTicks);
        var rate = PerSecond(r);
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(C, $"Graded quiz submissions: POST /api/v1/quizzes/attempts/{{id}}/submit, {s.Concurrency} concurrent clinicians, {r.WindowSeconds:0.0} s measured after {s.WarmupSeconds} s warm-up");
        sb.AppendLine(C, $"  machine           {m.Cores} cores, {m.Memory}, load before run {m.LoadBefore}");
        sb.AppendLine(C, $"  graded submits    {r.GradedOk,10:N0}   ({r.SubmitErrors:N0} errors, {r.StartErrors:N0} start errors)");
        sb.AppendLine(C, $"  submissions/s     {rate,10:N1}");
        sb.AppendLine(C, $"  latency ms        p50 {submit.Percentile(50):0.0}   p90 {submit.Percentile(90):0.0}   p99 {submit.Percentile(99):0.0}   max {submit.Max:0.0}   mean {submit.Mean:0.0}");
        sb.AppendLine(C, $"  start (not in the measure)  {start.Count / Math.Max(0.001, r.WindowSeconds):N1}/s, p50 {start.Percentile(50):0.0} ms, p99 {start.Percentile(99):0.0} ms");
        if (o.PgbenchTps is { } tps)
        {
            sb.AppendLine(C, $"  pgbench tps       {tps,10:N1}   ({o.PgbenchCommand})");
            sb.AppendLine(C, $"  ratio             {rate / tps,10:0.000}   submissions/s ÷ pgbench tps");
        }
        if (r.Cpu is { } cpu)
        {
            sb.AppendLine(C, $"  CPU (cores)       machine {cpu.MachineBusyCores:0.00} of {m.Cores}: app + load generator {cpu.ProcessCores:0.00}, PostgreSQL {cpu.PostgresCores?.ToString("0.00", C) ?? "?"}, everything else {cpu.OtherCores:0.00}");
            if (CpuPerSubmission(r, m) is { } per)
            {
                sb.AppendLine(C, $"  CPU per loop      app + load generator {per.AppMs:0.00} ms, PostgreSQL {per.PostgresMs:0.00} ms: a CPU ceiling of about {per.Ceiling:N0} submissions/s on {m.Cores} idle cores");
            }
        }
        if (r.Db is { } db)
        {
            sb.AppendLine(C, $"  database          {db.CommitsPerSecond:N0} transactions/s (autocommit reads included), {db.WalFlushesPerSecond:N0} WAL flushes/s, {db.WalMegabytesPerSecond:0.0} MB/s of WAL");
        }
        foreach (var (kind, count) in r.ErrorKinds.OrderByDescending(e => e.Value))
        {
            sb.AppendLine(C, $"  error             {count,8:N0} × {kind}");
        }
        if (Disturbed(r) is { } elsewhere)
        {
            sb.AppendLine(C, $"  WARNING: {elsewhere:0.00} cores were busy with other programs during the window: this run understates the machine.");
        }
        if (r.RanOutOfAttempts)
        {
            sb.AppendLine("  WARNING: clinicians ran out of attempts before the end; the window was cut there. Raise --courses or --clinicians.");
        }
        sb.AppendLine(C, $"  target            >= 1,000/s with p99 < 100 ms: {(rate >= 1000 && submit.Percentile(99) < 100 ? "met" : "NOT met")}");
        return sb.ToString();
    }

    /// <summary>Rewrites the results file: the newest run in full, and one row per run (newest first) in the history table.</summary>
    public static void WriteMarkdown(string path, LoadResult r, RunSettings s, Machine m, BenchOptions o)
    {
        var submit = new Latencies(r.SubmitTicks);
        var start = new Latencies(r.StartTicks);
        var rate = PerSecond(r);
        var when = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", C);
        var ratio = o.PgbenchTps is { } tps ? (rate / tps).ToString("0.000", C) : "–";
        var elsewhere = r.Cpu?.OtherCores.ToString("0.00", C) ?? "?";
        var row = string.Create(C, $"| {when} | {m.Cores} | {elsewhere} | {s.PoolSize} | {s.Concurrency} | {s.WarmupSeconds} s | {rate:N0} | {submit.Percentile(50):0.0} | {submit.Percentile(99):0.0} | {submit.Max:0.0} | {r.SubmitErrors} | {o.PgbenchTps?.ToString("N0", C) ?? "–"} | {ratio} |");

        const string HistoryStart = "<!-- history:start -->";
        const string HistoryEnd = "<!-- history:end -->";
        var history = new List<string>();
        if (File.Exists(path))
        {
            var lines = File.ReadAllLines(path);
            var from = Array.IndexOf(lines, HistoryStart);
            var to = Array.IndexOf(lines, HistoryEnd);
            if (from >= 0 && to > from)
            {
                history.AddRange(lines[(from + 1)..to].Where(l => l.StartsWith("| 2", StringComparison.Ordinal)));
            }
        }
        history.Insert(0, row);

        var sb = new StringBuilder();
        sb.AppendLine("# Benchmark: graded quiz submissions");
        sb.AppendLine();
        sb.AppendLine("Written by `bench/run.sh` (see README, \"Benchmarks\"). Each run replaces the section below and adds a row to the history.");
        sb.AppendLine("Absolute numbers depend on the machine and on whatever else runs on it; the ratio to pgbench, measured in the same run on the same cluster, travels better.");
        sb.AppendLine();
        sb.AppendLine(C, $"## Latest run: {when}");
        sb.AppendLine();
        sb.AppendLine("| | |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(C, $"| machine | {m.Cores} cores ({m.Cpu}), {m.Memory} RAM, {m.Os}; load average before the run {m.LoadBefore} |");
        sb.AppendLine(C, $"| software | {m.Runtime}, {m.Postgres}, Release build, {s.Gc} |");
        sb.AppendLine(C, $"| database | throwaway cluster with durable defaults (fsync, synchronous_commit, full_page_writes on) |");
        sb.AppendLine(C, $"| pool | `{s.Pool}` |");
        sb.AppendLine(C, $"| app settings | {string.Join(", ", BenchHost.Settings.Select(kv => $"`{kv.Key}={kv.Value}`"))}; environment Production |");
        sb.AppendLine(C, $"| load | {s.Clinicians} clinicians × {s.CourseCopies} copies of the benchmark course ({s.AttemptsAllowed} attempts each, no cool-down, pass mark 100 %); {s.Concurrency} concurrent clinicians looping start → submit; {s.WarmupSeconds} s warm-up, {r.WindowSeconds:0.0} s measured |");
        sb.AppendLine(C, $"| answers | {r.QuestionsPerAttempt:0.#} questions per attempt; right answers to a random 0 … n-1 of them ({r.RightAnswerShare:P0} right overall; never all, so no attempt passes and ends the clinician's run), the rest wrong or blank; every returned score checked against the expected one |");
        sb.AppendLine(C, $"| setup (not measured) | {s.SetupTime} |");
        sb.AppendLine();
        sb.AppendLine("| result | value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(C, $"| graded submissions | {r.GradedOk:N0} |");
        sb.AppendLine(C, $"| **submissions/s** | **{rate:N1}** |");
        sb.AppendLine(C, $"| submit latency p50 / p90 / p99 / max | {submit.Percentile(50):0.0} / {submit.Percentile(90):0.0} / {submit.Percentile(99):0.0} / {submit.Max:0.0} ms (mean {submit.Mean:0.0}) |");
        sb.AppendLine(C, $"| errors | {r.SubmitErrors:N0} submit, {r.StartErrors:N0} start{(r.ErrorKinds.Count == 0 ? "" : ": " + string.Join("; ", r.ErrorKinds.Select(e => $"{e.Value} × {e.Key}")))} |");
        sb.AppendLine(C, $"| starts (in the loop, not measured) | {start.Count / Math.Max(0.001, r.WindowSeconds):N1}/s, p50 {start.Percentile(50):0.0} ms, p99 {start.Percentile(99):0.0} ms |");
        sb.AppendLine(C, $"| pgbench (database write limit) | {o.PgbenchTps?.ToString("N1", C) ?? "not measured"} tps: `{o.PgbenchCommand}` |");
        sb.AppendLine(C, $"| **ratio submissions/s ÷ pgbench tps** | **{ratio}** |");
        if (r.Cpu is { } cpu)
        {
            sb.AppendLine(C, $"| CPU during the window (cores) | machine {cpu.MachineBusyCores:0.00} of {m.Cores}: app + load generator (one process) {cpu.ProcessCores:0.00}, PostgreSQL {cpu.PostgresCores?.ToString("0.00", C) ?? "?"}, everything else (other processes, kernel) {cpu.OtherCores:0.00} |");
            if (CpuPerSubmission(r, m) is { } per)
            {
                sb.AppendLine(C, $"| CPU per start + submit loop | app + load generator {per.AppMs:0.00} ms, PostgreSQL {per.PostgresMs:0.00} ms: {m.Cores} idle cores would allow about **{per.Ceiling:N0} submissions/s** |");
            }
        }
        if (r.Db is { } db)
        {
            sb.AppendLine(C, $"| database during the window | {db.CommitsPerSecond:N0} transactions/s, autocommit reads included ({db.CommitsPerSecond / Math.Max(0.001, rate):0.0} per start + submit loop), {db.WalFlushesPerSecond:N0} WAL flushes/s, {db.WalMegabytesPerSecond:0.0} MB/s of WAL |");
        }
        sb.AppendLine(C, $"| target (≥ 1,000/s, p99 < 100 ms) | {(rate >= 1000 && submit.Percentile(99) < 100 ? "met" : "not met")} |");
        if (Disturbed(r) is { } busy)
        {
            sb.AppendLine(C, $"| warning | {busy:0.00} cores were busy with other programs during the window: this run understates the machine (and pgbench, measured just before, may have been disturbed too) |");
        }
        if (r.RanOutOfAttempts)
        {
            sb.AppendLine("| warning | clinicians ran out of attempts; the window was cut there |");
        }
        sb.AppendLine();
        sb.AppendLine("## History");
        sb.AppendLine();
        sb.AppendLine("Newest first. \"Cores busy elsewhere\" is CPU used during the window by neither the benchmark process nor PostgreSQL (other programs, the kernel): a run with much of it was measured on a shared, busy machine.");
        sb.AppendLine();
        sb.AppendLine(HistoryStart);
        sb.AppendLine("| date | cores | cores busy elsewhere | pool | concurrency | warm-up | submissions/s | p50 ms | p99 ms | max ms | errors | pgbench tps | ratio |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var line in history)
        {
            sb.AppendLine(line);
        }
        sb.AppendLine(HistoryEnd);
        File.WriteAllText(path, sb.ToString());
    }
}
