using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.Suite;

/// <summary>
/// Issue 21: deadline day. N distinct clinicians (10,000) signed in through the forms, each from its own loopback
/// address, then two stampedes (each clinician starts and submits a quiz once, arrivals over 60 s), each beside a burst
/// of fresh sign-ins (1,000 over 60 s): once all from one address (a hospital), once from as many addresses. The app
/// runs with the production sign-in limits. Memory is sampled (RSS every 100 ms, dotnet-counters when installed) and
/// the heap is dumped (dotnet-gcdump) after signing in and after each stampede. Writes bench/results/deadline-day-*.md.
/// </summary>
internal static class DeadlineDay
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Peaks of the runtime's own counters during one stampede (dotnet-counters CSV), in MB or counts.</summary>
    private static string CounterPeaks(string? file)
    {
        if (file is null || !File.Exists(file))
        {
            return "(dotnet-counters not run)";
        }
        var peaks = new Dictionary<string, double>();
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length >= 5 && double.TryParse(cells[^1], NumberStyles.Float, Inv, out var value))
            {
                var name = string.Join(",", cells[2..^2]);
                peaks[name] = Math.Max(peaks.GetValueOrDefault(name), value);
            }
        }
        static double Mb(double bytes) => bytes / 1048576;
        double Peak(string name) => peaks.GetValueOrDefault(name);
        var heap = peaks.Where(p => p.Key.StartsWith("dotnet.gc.last_collection.heap.size", StringComparison.Ordinal)).Sum(p => p.Value);
        return string.Create(Inv, $"working set {Mb(Peak("dotnet.process.memory.working_set (By)")):0} MB, GC committed {Mb(Peak("dotnet.gc.last_collection.memory.committed_size (By)")):0} MB, " +
            $"GC heap after a collection {Mb(heap):0} MB (sum of the generations' peaks), thread-pool threads {Peak("dotnet.thread_pool.thread.count ({thread})"):0}, queue {Peak("dotnet.thread_pool.queue.length ({work_item})"):0}");
    }

    private sealed record BurstResult(string Name, int Sent, int Ok, int Busy, int Other, IReadOnlyDictionary<string, int> Failures, double P50Ms, double P99Ms, double PerSecond);

    private static IPAddress Address(int block, int i) => new([127, (byte)block, (byte)(i / 250), (byte)(i % 250 + 1)]);

    public static async Task<int> RunAsync(string connection)
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("RT_DEADLINE_CLINICIANS") ?? "10000", Inv);
        var burst = int.Parse(Environment.GetEnvironmentVariable("RT_DEADLINE_BURST") ?? "1000", Inv);
        var window = TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("RT_SUITE_STAMPEDE_SECONDS") ?? "60", Inv));
        var tools = Environment.GetEnvironmentVariable("RT_DEADLINE_TOOLS"); // folder with dotnet-counters and dotnet-gcdump
        var load = File.ReadAllText("/proc/loadavg").Trim();
        var notes = new List<string>();

        await using var host = new SuiteHost(connection);
        var sw = Stopwatch.StartNew();
        var seed = await Seeder.SeedAsync(host.Services, count + (2 * burst));
        Console.WriteLine($"seeded in {sw.Elapsed.TotalSeconds:0} s: {seed.Describe()}");

        // Production sign-in limits (AccountsOptions defaults), not the raised ones the other rows use.
        using var app = await AppUnderTest.StartAsync(connection, new Dictionary<string, string>
        {
            ["Accounts__SignInPagePerMinute"] = "1200",
            ["Accounts__SignInPerAddressPerMinute"] = "300",
            ["Accounts__SignInPerAddressBurst"] = "60",
        });
        Console.WriteLine($"app pid {app.Pid}, production sign-in limits");
        var emails = seed.ClinicianEmails;
        var clinicians = emails.Take(count).Select((e, i) => new Browser(app.BaseAddress, e, Address(10, i))).ToList();
        using var warm = new Browser(app.BaseAddress, emails[0], Address(9, 0));
        await warm.SignInAsync(SuiteProgram.Password, null);
        await Task.Delay(2000);
        var before = app.Memory().RssMb;

        sw.Restart();
        await Parallel.ForEachAsync(clinicians, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 },
            async (c, _) => await c.SignInAsync(SuiteProgram.Password, null));
        var signInSeconds = sw.Elapsed.TotalSeconds;
        await Task.Delay(2000);
        var after = app.Memory().RssMb;
        Console.WriteLine($"{count:N0} clinicians signed in in {signInSeconds:0} s (not measured); RSS {before:0} → {after:0} MB");
        var heapSignedIn = await GcDumpAsync(tools, app.Pid, "signed-in", notes);

        // A deadline day meets an app that has served quizzes for hours: an unmeasured first stampede on another course
        // runs quiz start and submit through the runtime's tiers, so the measured ones do not also time a cold start.
        // Its figures are reported, not judged.
        var warmCount = Math.Min(count, int.Parse(Environment.GetEnvironmentVariable("RT_DEADLINE_WARMUP") ?? "1000", Inv));
        var warmUp = warmCount == 0 ? null : await Stampede.RunAsync(host.Services, app, clinicians.Take(warmCount).ToList(), seed.CourseIds[2], TimeSpan.FromSeconds(20));
        if (warmUp is not null)
        {
            Console.WriteLine("warm-up " + warmUp.Describe());
        }

        var rows = new List<(StampedeResult Stampede, BurstResult Burst, string Counters, string? Heap)>();
        var plans = new[]
        {
            ("from one address (a hospital)", seed.CourseIds[0], emails.Skip(count).Take(burst).Select(e => (e, Address(20, 0))).ToList()),
            ($"from {burst:N0} addresses", seed.CourseIds[1], emails.Skip(count + burst).Take(burst).Select((e, i) => (e, Address(30, i))).ToList()),
        };
        foreach (var (index, (name, course, people)) in plans.Index())
        {
            var (counters, countersFile) = StartCounters(tools, app.Pid, index, name, notes);
            var burstBrowsers = people.Select(p => new Browser(app.BaseAddress, p.e, p.Item2)).ToList();
            var running = Stampede.RunAsync(host.Services, app, clinicians, course, window);
            var burstRunning = BurstAsync($"sign-in burst {name}", burstBrowsers, window);
            await Task.WhenAll(running, burstRunning);
            StopCounters(counters);
            var (stampede, signIns) = (await running, await burstRunning);
            Console.WriteLine(stampede.Describe());
            Console.WriteLine($"{signIns.Name}: {signIns.Ok} ok, {signIns.Busy} told to wait, {signIns.Other} other; p50 {signIns.P50Ms:0} ms p99 {signIns.P99Ms:0} ms");
            rows.Add((stampede, signIns, CounterPeaks(countersFile), await GcDumpAsync(tools, app.Pid, $"stampede-{index}", notes)));
            burstBrowsers.ForEach(b => b.Dispose());
        }

        var report = Write(rows, warmUp, count, burst, window, signInSeconds, before, after, heapSignedIn, seed, load, app.GcMode, notes);
        var file = Path.Combine(RepoPaths.Root, "bench", "results", $"deadline-day-{DateTime.UtcNow:yyyy-MM-dd-HHmm}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine(report);
        Console.WriteLine($"results written to {file}");
        // RT_DEADLINE_HOLD=N keeps the app up N seconds after the report, e.g. for `dotnet-dump collect -p <pid>` and gcroot.
        await Task.Delay(TimeSpan.FromSeconds(int.Parse(Environment.GetEnvironmentVariable("RT_DEADLINE_HOLD") ?? "0", Inv)));
        clinicians.ForEach(c => c.Dispose());
        return 0;
    }

    /// <summary>Each browser loads the sign-in page and posts it once, at a random moment of the window.</summary>
    private static async Task<BurstResult> BurstAsync(string name, IReadOnlyList<Browser> browsers, TimeSpan window)
    {
        var random = new Random(21);
        var offsets = browsers.Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds)).ToArray();
        var latencies = new double[browsers.Count];
        int ok = 0, busy = 0, other = 0;
        var failures = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(browsers.Select(async (b, i) =>
        {
            await Task.Delay(offsets[i]);
            var t0 = clock.Elapsed;
            try
            {
                var (status, retryAfter, body) = await b.TrySignInAsync(SuiteProgram.Password);
                latencies[i] = (clock.Elapsed - t0).TotalMilliseconds;
                if (status == HttpStatusCode.Redirect)
                {
                    Interlocked.Increment(ref ok);
                }
                // The clear refusal: 503, Retry-After, and the page that says how long to wait.
                else if (status == HttpStatusCode.ServiceUnavailable && retryAfter is not null && body.Contains("Many people are signing in right now", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref busy);
                }
                else
                {
                    Interlocked.Increment(ref other);
                    failures.AddOrUpdate($"{(int)status}", 1, (_, n) => n + 1);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                latencies[i] = (clock.Elapsed - t0).TotalMilliseconds;
                Interlocked.Increment(ref other);
                failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            }
        }));
        var sorted = latencies.Order().ToArray();
        return new BurstResult(name, browsers.Count, ok, busy, other, failures, QuizLoad.Percentile(sorted, 0.5), QuizLoad.Percentile(sorted, 0.99), ok / window.TotalSeconds);
    }

    private static (Process? Process, string? File) StartCounters(string? tools, int pid, int index, string name, List<string> notes)
    {
        var exe = tools is null ? null : Path.Combine(tools, "dotnet-counters");
        if (exe is null || !File.Exists(exe))
        {
            return (null, null);
        }
        var file = Path.Combine(Path.GetTempPath(), $"rt-counters-{pid}-{index}.csv");
        var start = new ProcessStartInfo(exe, ["collect", "-p", pid.ToString(Inv), "--counters", "System.Runtime", "--format", "csv", "-o", file, "--refresh-interval", "1"])
        { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        notes.Add($"dotnet-counters (System.Runtime, 1 s) ran during the stampede beside the burst {name}");
        return (Process.Start(start), file);
    }

    private static void StopCounters(Process? counters)
    {
        if (counters is null)
        {
            return;
        }
        try
        {
            counters.StandardInput.Write('q');
            counters.StandardInput.Flush();
            if (!counters.WaitForExit(10_000))
            {
                counters.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
        counters.Dispose();
    }

    /// <summary>The app's heap by type (dotnet-gcdump report: the 12 largest), or null when the tool is not installed.</summary>
    private static async Task<string?> GcDumpAsync(string? tools, int pid, string label, List<string> notes)
    {
        var exe = tools is null ? null : Path.Combine(tools, "dotnet-gcdump");
        if (exe is null || !File.Exists(exe))
        {
            notes.Add("dotnet-gcdump not installed (bench/deadline-day.sh installs it): no heap profile");
            return null;
        }
        var file = Path.Combine(Path.GetTempPath(), $"rt-{pid}-{label}.gcdump");
        await RunAsync(exe, ["collect", "-p", pid.ToString(Inv), "-o", file]);
        var report = await RunAsync(exe, ["report", file]);
        return HeapByType(report, 15);
    }

    /// <summary>
    /// The report lists each type once per size class ("Object Bytes" is the size of one object, then the count), large
    /// objects first; the retainers are the largest totals, so rows are ranked by size × count.
    /// </summary>
    private static string HeapByType(string report, int top)
    {
        var lines = report.Split('\n');
        var rows = new List<(long Total, long Count, string Type)>();
        foreach (var line in lines)
        {
            var parts = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && long.TryParse(parts[0], NumberStyles.AllowThousands, Inv, out var size) && long.TryParse(parts[1], NumberStyles.AllowThousands, Inv, out var n))
            {
                rows.Add((size * n, n, parts[2].Trim()));
            }
        }
        var heading = lines.Where(l => l.Contains("GC Heap", StringComparison.Ordinal)).Select(l => l.TrimEnd());
        var ranked = rows.OrderByDescending(r => r.Total).Take(top).Select(r => string.Create(Inv, $"{r.Total,15:N0} {r.Count,10:N0}  {r.Type}"));
        return string.Join("\n", heading.Append("").Append("    Total bytes      Count  Type (size class)").Concat(ranked));
    }

    private static async Task<string> RunAsync(string exe, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output;
    }

    private static string Write(List<(StampedeResult Stampede, BurstResult Burst, string Counters, string? Heap)> rows, StampedeResult? warmUp, int count, int burst, TimeSpan window, double signInSeconds,
        double before, double after, string? heapSignedIn, SeedResult seed, string load, string gcMode, List<string> notes)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv, $"# Deadline day: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(Inv, $"Written by `bench/deadline-day.sh` (bench/ReferralTraining.Suite, `RT_SUITE_MODE=deadline-day`). Machine: {Environment.ProcessorCount} cores; load average at the start `{load}`. Seed: {seed.Describe()}. App garbage collector: {gcMode}.");
        md.AppendLine();
        md.AppendLine(Inv, $"{count:N0} clinicians signed in through the forms, each from its own loopback address, in {signInSeconds:0} s (setup, not measured: {count / signInSeconds:0.0} sign-ins/s with nothing else running). The app runs with the production sign-in limits (ADR-033).");
        md.AppendLine();
        md.AppendLine("| row | result | target | met |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(Inv, $"| memory per signed-in session (app RSS before and after the sign-ins, 2 s after each) | {before:0} MB → {after:0} MB: {(after - before) * 1024 / count:0.0} kB per session | reported | – |");
        if (warmUp is not null)
        {
            md.AppendLine(Inv, $"| warm-up, not measured against a target: {warmUp.Clinicians:N0} of the same clinicians start and submit another course's quiz, arrivals over {warmUp.WindowSeconds:0} s, the first quiz traffic the app serves | {warmUp.Ok:N0} ok, {warmUp.Errors} errors; p50 {warmUp.P50Ms:0} ms, p99 {warmUp.P99Ms:0} ms, max {warmUp.MaxMs:0} ms; app peak RSS {warmUp.PeakWorkingSetMb:0} MB | reported | – |");
        }
        foreach (var (s, b, counters, _) in rows)
        {
            var p99Met = s.P99Ms < 1000 && s.Errors == 0 && s.Duplicates == 0 && s.Submitted == s.Clinicians;
            md.AppendLine(Inv, $"| stampede beside the burst {b.Name["sign-in burst ".Length..]}: {s.Clinicians:N0} clinicians start and submit a quiz, arrivals over {window.TotalSeconds:0} s | {s.Ok:N0} ok, {s.Errors} errors; p50 {s.P50Ms:0} ms, p99 {s.P99Ms:0} ms, max {s.MaxMs:0} ms; stored: {s.Attempts:N0} attempts by {s.DistinctUsers:N0} people, {s.Submitted:N0} submitted, {s.Duplicates} duplicates; app CPU {s.CpuCores:0.00} cores (machine {s.MachineCpuCores:0.00}) | 0 errors, p99 < 1 s, each attempt once | {(p99Met ? "yes" : "**no**")} |");
            md.AppendLine(Inv, $"| app peak resident memory during that stampede (VmRSS every 100 ms; VmHWM over the app's life) | {s.PeakWorkingSetMb:0} MB (VmHWM {s.VmHwmMb:0} MB); runtime counters: {counters} | < 500 MB | {(s.PeakWorkingSetMb < 500 ? "yes" : "**no**")} |");
            var clear = b.Other == 0;
            md.AppendLine(Inv, $"| {b.Name}: {b.Sent:N0} sign-ins at random moments of {window.TotalSeconds:0} s | {b.Ok:N0} signed in ({b.PerSecond:0.0}/s), {b.Busy:N0} told to wait (503, Retry-After, the page), {b.Other} other{(b.Failures.Count > 0 ? " (" + string.Join(", ", b.Failures.Select(f => $"{f.Key} × {f.Value}")) + ")" : "")}; p50 {b.P50Ms:0} ms, p99 {b.P99Ms:0} ms | each succeeds or gets the clear 503 | {(clear ? "yes" : "**no**")} |");
        }
        md.AppendLine();
        md.AppendLine("## Heap (dotnet-gcdump report, types ranked by total bytes)");
        md.AppendLine();
        foreach (var (label, heap) in new[] { ("after the sign-ins", heapSignedIn) }.Concat(rows.Select(r => ($"after the stampede beside the {r.Burst.Name}", r.Heap))))
        {
            md.AppendLine(Inv, $"### {label}");
            md.AppendLine();
            md.AppendLine("```");
            md.AppendLine(heap ?? "(not collected)");
            md.AppendLine("```");
            md.AppendLine();
        }
        foreach (var note in notes.Distinct())
        {
            md.AppendLine(Inv, $"- {note}");
        }
        return md.ToString();
    }
}
