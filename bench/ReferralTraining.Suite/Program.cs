// Benchmark suite (issue 8, not a test). One run: seed realistic data, then measure pages and APIs with wrk and quiz
// submission with a closed loop, each next to a baseline measured in the same run (/health/live; pgbench -S and
// TPC-B-like, run by bench/suite.sh before the app starts), then the stampede: 2,000 signed-in clinicians start and
// submit a quiz within 60 s. Writes bench/results/suite-<date>.md. Usage: see bench/suite.sh.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Suite;

internal static partial class SuiteProgram
{
    public const string Password = "bench suite clinicians sign in 2026";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

    public static async Task<int> Main()
    {
        var connection = Environment.GetEnvironmentVariable("RT_SUITE_POSTGRES") ?? throw new InvalidOperationException("Set RT_SUITE_POSTGRES (bench/suite.sh does).");
        if (Env("RT_SUITE_MODE", "suite") == "deadline-day")
        {
            return await DeadlineDay.RunAsync(connection);
        }
        var clinicianCount = int.Parse(Env("RT_SUITE_CLINICIANS", "2000"), Inv);
        var seconds = int.Parse(Env("RT_SUITE_SECONDS", "15"), Inv);
        var stampedeSeconds = int.Parse(Env("RT_SUITE_STAMPEDE_SECONDS", "60"), Inv);
        var pgbenchSelect = double.Parse(Env("RT_SUITE_PGBENCH_SELECT_TPS", "0"), Inv);
        var pgbenchTpcb = double.Parse(Env("RT_SUITE_PGBENCH_TPCB_TPS", "0"), Inv);
        var pgbenchCommand = Env("RT_SUITE_PGBENCH_COMMAND", "pgbench");
        var load = File.ReadAllText("/proc/loadavg").Trim();

        // The in-process host only seeds (the app's own services) and checks the database afterwards; the app measured
        // is a separate process started after seeding.
        await using var host = new SuiteHost(connection);
        var sw = Stopwatch.StartNew();
        var seed = await Seeder.SeedAsync(host.Services, clinicianCount);
        Console.WriteLine($"seeded in {sw.Elapsed.TotalSeconds:0.0} s: {seed.Describe()}");

        using var app = await AppUnderTest.StartAsync(connection);
        var baseUri = app.BaseAddress;
        var baseUrl = baseUri.ToString().TrimEnd('/');
        Console.WriteLine($"app (pid {app.Pid}) at {baseUrl}; {clinicianCount} clinicians");

        sw.Restart();
        var clinicians = seed.ClinicianEmails.Select(e => new Browser(baseUri, e)).ToList();
        await Parallel.ForEachAsync(clinicians, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 },
            async (c, _) => await c.SignInAsync(Password, null));
        var director = new Browser(baseUri, seed.DirectorEmail);
        await director.SignInAsync(Password, seed.DirectorTotpKey);
        Console.WriteLine($"{clinicians.Count} clinicians and the director signed in through the forms in {sw.Elapsed.TotalSeconds:0.0} s (not measured)");

        // Warm every endpoint once (JIT, caches) before measuring.
        var moduleUrl = $"/courses/{seed.CourseIds[0]}/modules/1";
        var complianceUrl = $"/organizations/{seed.OrganizationId}/compliance";
        foreach (var (browser, url) in new[] { (clinicians[0], "/courses"), (clinicians[0], moduleUrl), (clinicians[0], $"/api/v1/verifications/{seed.Codes[0]}"),
            (clinicians[0], $"/verify/{seed.Codes[0]}"), (director, complianceUrl) })
        {
            using var r = await browser.Http.GetAsync(new Uri(url, UriKind.Relative));
            if (r.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"warm-up GET {url} answered {(int)r.StatusCode}");
            }
        }

        var rows = new List<Row>();
        var wrkArgs = $"-t2 -c32 -d{seconds}s --latency";
        var plain = Wrk.Run($"{wrkArgs} {baseUrl}/health/live");
        rows.Add(Row.Baseline("plain endpoint `GET /health/live`", plain, "wrk -t2 -c32"));
        var codesLua = Wrk.RotatingScript("/api/v1/verifications/", seed.Codes);
        var pageLua = Wrk.RotatingScript("/verify/", seed.Codes);
        // The module page starts a reading clock on every view (a row written per person and module, ADR-017): 32
        // connections of one person would queue on one row lock, which no real page load does, so 32 clinicians' fresh
        // sessions take turns. Cookies are issued here, before any row's CPU is counted.
        var readers = new List<string>();
        foreach (var reader in clinicians.Skip(3).Take(32))
        {
            readers.Add(await reader.FreshCookieAsync());
        }
        var readersLua = Wrk.CookieRotatingScript(moduleUrl, readers);
        var measured = new (string Name, Func<Task<WrkResult>> Run, double? Target)[]
        {
            ("catalog `GET /courses` (signed in)", async () => Wrk.Run($"{wrkArgs} -H \"Cookie: {await clinicians[1].FreshCookieAsync()}\" {baseUrl}/courses"), null),
            ("module page `GET /courses/(id)/modules/1` (signed in, 32 clinicians in turn)", () => Task.FromResult(Wrk.Run($"{wrkArgs} -s {readersLua} {baseUrl}/")), 0.30),
            ("verification API `GET /api/v1/verifications/(code)`", () => Task.FromResult(Wrk.Run($"{wrkArgs} -s {codesLua} {baseUrl}/")), 0.30),
            ("verification page `GET /verify/(code)`", () => Task.FromResult(Wrk.Run($"{wrkArgs} -s {pageLua} {baseUrl}/")), null),
            ($"compliance dashboard `GET /organizations/(id)/compliance` (director, {seed.Staff:N0} staff × {seed.AssignmentsPerPerson} courses each)",
                async () => Wrk.Run($"-t2 -c4 -d{seconds}s --latency --timeout 30s -H \"Cookie: {await director.FreshCookieAsync()}\" {baseUrl}{complianceUrl}"), null),
        };
        // RT_SUITE_QUICK=1: only the plain endpoint, the catalog, the module page and the verification API, for profiling
        // (`perf record -p <app pid>` while a row runs); prints figures and writes no report.
        var quick = Env("RT_SUITE_QUICK", "0") == "1";
        foreach (var (name, run, target) in measured.Where(m => !quick || m.Name.StartsWith("catalog", StringComparison.Ordinal) || m.Name.StartsWith("module page", StringComparison.Ordinal) || m.Name.StartsWith("verification API", StringComparison.Ordinal)))
        {
            Console.WriteLine($"row starts: {name}");
            var cpuBefore = app.CpuSeconds();
            var result = await run();
            // ADR-011: the app's own CPU time per request, which the other processes on the same cores disturb far less
            // than they disturb throughput.
            result = result with { CpuMicroseconds = (app.CpuSeconds() - cpuBefore) * 1e6 / Math.Max(1, result.Requests) };
            Console.WriteLine($"{name}: {result.Rps:0} req/s p50 {result.P50Ms:0.0} ms p99 {result.P99Ms:0.0} ms errors {result.Errors}; app CPU {result.CpuMicroseconds:0} µs per request");
            rows.Add(Row.Versus(name, result, plain.Rps, "plain endpoint", target, name.Contains("compliance", StringComparison.Ordinal) ? "wrk -t2 -c4" : "wrk -t2 -c32"));
        }
        File.Delete(codesLua);
        File.Delete(pageLua);
        File.Delete(readersLua);

        // Issue 19 item 7: the scenario player's step (form post + the page it leads to), 32 players at once as wrk's -c32,
        // measured before the stampede so the stampede runs as it always has (and in quick mode, for profiling).
        var scenarioTarget = Env("RT_SUITE_SCENARIO", "intensive-referral/higher-power").Split('/');
        var scenarioAttempts = await ScenarioLoad.PrepareAsync(clinicians.Skip(3).Take(Math.Min(clinicians.Count - 3, 150 * seconds)).ToList(), scenarioTarget[0], scenarioTarget[1]);
        Console.WriteLine($"{scenarioAttempts.Count:N0} scenario attempts started for the step row (not measured)");
        var scenario = await ScenarioLoad.RunAsync(host.Services, app, scenarioAttempts, 32, scenarioTarget[1], TimeSpan.FromSeconds(seconds));
        Console.WriteLine(scenario.Describe());
        rows.Add(Row.Versus($"scenario step: choice or Continue posted, the page it leads to rendered (`{scenarioTarget[0]}/{scenarioTarget[1]}`, signed in)", scenario.AsRow(),
            plain.Rps, "plain endpoint", null, $"32 players at once, {seconds} s, random choices"));

        if (quick)
        {
            Console.WriteLine($"plain: {plain.Rps:0} req/s p99 {plain.P99Ms:0.0} ms; quick mode writes no report");
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(Env("RT_SUITE_QUICK_HOLD", "0"), Inv)));
            return 0;
        }

        // Issue 6: one director opening dashboard pages one after another (time to first byte and total), and the CSV.
        var dashboard = await Dashboard.MeasureAsync(director, complianceUrl, seed);

        // Quiz submission (graded, stored) with wrk: attempts are started first (not measured), one per (clinician,
        // course), then each is submitted once with its owner's cookie and answers drawn from the options shown.
        // The 7 real courses the stampede does not use, and the 6 refresher copies everyone has read.
        var quizCourses = seed.CourseIds.Skip(1).Concat(seed.QuizOnlyCourseIds).ToList();
        var slots = quizCourses.SelectMany(course => clinicians.Select(c => (Browser: c, Course: course))).ToList();
        var prepared = await QuizLoad.PrepareSubmissionsAsync(slots);
        Console.WriteLine($"{prepared.Count:N0} attempts started for the submit row (not measured)");
        var submitLua = QuizLoad.SubmitScript(prepared);
        // At most 10 s: 13 courses × the clinicians is all the attempts there are, and each is submitted once. wrk counts
        // every request in its rate; only graded submissions count here.
        var submitSeconds = Math.Min(seconds, 10);
        var submit = Wrk.Run($"-t2 -c32 -d{submitSeconds}s --latency -s {submitLua} {baseUrl}/");
        submit = submit with { Rps = (submit.Requests - submit.Errors) / (double)submitSeconds };
        File.Delete(submitLua);
        var submittedOnce = await QuizLoad.CheckSubmittedAsync(host.Services, prepared);
        Console.WriteLine($"quiz submit: {submit.Rps:0}/s p50 {submit.P50Ms:0.0} p99 {submit.P99Ms:0.0} errors {submit.Errors}; {submittedOnce}");
        rows.Add(Row.Baseline($"pgbench select-only (`-S`)", new WrkResult(pgbenchSelect, double.NaN, double.NaN, 0, 0), pgbenchCommand + " -S"));
        rows.Add(Row.Baseline($"pgbench TPC-B-like", new WrkResult(pgbenchTpcb, double.NaN, double.NaN, 0, 0), pgbenchCommand));
        rows.Add(Row.Versus("quiz submit `POST /api/v1/quizzes/attempts/(id)/submit` (graded and stored)", submit, pgbenchTpcb, "pgbench TPC-B-like", 0.30, $"wrk -t2 -c32, {submitSeconds} s, each attempt once"));
        rows.Add(Row.Versus("verification API (as above)", rows.Single(r => r.Name.StartsWith("verification API", StringComparison.Ordinal)).Result, pgbenchSelect, "pgbench select-only", null, "–"));

        // Stampede: every clinician starts and submits the first course's quiz once, arrivals spread over the window.
        var stampede = await Stampede.RunAsync(host.Services, app, clinicians, seed.CourseIds[0], TimeSpan.FromSeconds(stampedeSeconds));
        Console.WriteLine(stampede.Describe());

        var report = Report.Write(rows, dashboard, submittedOnce, scenario, stampede, seed, load, seconds, clinicianCount);
        var folder = Path.Combine(RepoPaths.Root, "bench", "results");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"suite-{DateTime.UtcNow:yyyy-MM-dd}.md");
        await File.WriteAllTextAsync(file, report);
        Console.WriteLine(report);
        Console.WriteLine($"results written to {file}");
        foreach (var c in clinicians)
        {
            c.Dispose();
        }
        director.Dispose();
        return 0;
    }
}

/// <summary>One browser: its own cookie jar and connection, signing in through the real forms.</summary>
internal sealed partial class Browser : IDisposable
{
    private readonly CookieContainer cookies = new();
    private readonly Uri baseUri;

    /// <param name="from">The loopback address this browser connects from (127.x.y.z), so the app sees distinct clients.</param>
    public Browser(Uri baseUri, string email, IPAddress? from = null)
    {
        this.baseUri = baseUri;
        Email = email;
        var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = cookies, AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        Http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(120) };
    }

    /// <summary>Posts the sign-in form once and returns what came back, for the burst rows (no exception on a refusal).</summary>
    public async Task<(HttpStatusCode Status, string? RetryAfter, string Body)> TrySignInAsync(string password)
    {
        using var response = await PostFormAsync("/accounts/login", new() { ["Input.Email"] = Email, ["Input.Password"] = password });
        var body = response.StatusCode == HttpStatusCode.Redirect ? "" : await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Headers.RetryAfter?.ToString(), body);
    }

    public string Email { get; }
    public HttpClient Http { get; }

    public string CookieHeader() => cookies.GetCookieHeader(baseUri);

    private string? password;
    private string? totpKey;
    private long lastStep = -1;

    /// <summary>
    /// A session cookie signed in just now, for wrk, which cannot store the renewed cookie a browser would keep: an old
    /// one would be re-checked against the database on every request once older than the validation interval (1 min).
    /// </summary>
    public async Task<string> FreshCookieAsync()
    {
        await SignInAsync(password!, totpKey);
        return CookieHeader();
    }

    public async Task SignInAsync(string password, string? totpKey)
    {
        this.password = password;
        this.totpKey = totpKey;
        using var response = await PostFormAsync("/accounts/login", new() { ["Input.Email"] = Email, ["Input.Password"] = password });
        var next = response.Headers.Location?.OriginalString ?? "";
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {Email} answered {(int)response.StatusCode}.");
        }
        if (next.StartsWith("/accounts/two-factor", StringComparison.Ordinal))
        {
            var key = totpKey ?? throw new InvalidOperationException($"{Email} was asked for a second step.");
            // Codes are single-use: a second sign-in in the same 30 s step waits for the next code.
            while (TestTotp.Step(DateTimeOffset.UtcNow) == lastStep)
            {
                await Task.Delay(500);
            }
            lastStep = TestTotp.Step(DateTimeOffset.UtcNow);
            using var second = await PostFormAsync(next, new() { ["Input.Code"] = TestTotp.Code(key, lastStep) });
            if (second.StatusCode != HttpStatusCode.Redirect || second.Headers.Location?.OriginalString.StartsWith("/accounts/two-factor", StringComparison.Ordinal) == true)
            {
                throw new InvalidOperationException($"Second step for {Email} answered {(int)second.StatusCode} {second.Headers.Location}.");
            }
        }
    }

    /// <summary>Loads the page, posts its last form's hidden fields (antiforgery token included) with the given values.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields)
    {
        var page = await Http.GetStringAsync(new Uri(url, UriKind.Relative));
        var values = new Dictionary<string, string>();
        foreach (Match input in HiddenInput().Matches(page))
        {
            var name = NameAttribute().Match(input.Value);
            var value = ValueAttribute().Match(input.Value);
            if (name.Success)
            {
                values[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
            }
        }
        if (!values.ContainsKey("__RequestVerificationToken"))
        {
            throw new InvalidOperationException($"{url} has no antiforgery token.");
        }
        foreach (var (k, v) in fields)
        {
            values[k] = v;
        }
        using var form = new FormUrlEncodedContent(values);
        return await Http.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*>""")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("name=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}

internal sealed record WrkResult(double Rps, double P50Ms, double P99Ms, long Errors, long Requests, double CpuMicroseconds = double.NaN);

internal static partial class Wrk
{
    public static WrkResult Run(string arguments)
    {
        var start = new ProcessStartInfo("bash", ["-c", "wrk " + arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var rps = Match(RpsLine(), output);
        var requests = (long)Match(RequestsLine(), output);
        long errors = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (SocketErrors().Match(output) is { Success: true } s)
        {
            errors += Enumerable.Range(1, 4).Sum(i => long.Parse(s.Groups[i].Value, CultureInfo.InvariantCulture));
        }
        return new WrkResult(rps, Latency(output, "50%"), Latency(output, "99%"), errors, requests);
    }

    /// <summary>A wrk script that rotates through the given codes after the prefix.</summary>
    public static string RotatingScript(string prefix, IReadOnlyList<string> codes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rt-suite-{Guid.NewGuid():N}.lua");
        File.WriteAllText(path, "local codes = {" + string.Join(",", codes.Select(c => $"\"{c}\"")) + "}\nlocal i = 0\n" +
            $"request = function()\n  i = i + 1\n  return wrk.format(\"GET\", \"{prefix}\" .. codes[(i % #codes) + 1])\nend\n");
        return path;
    }

    /// <summary>A wrk script that requests <paramref name="path"/> with each cookie in turn.</summary>
    public static string CookieRotatingScript(string path, IReadOnlyList<string> cookies)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rt-suite-{Guid.NewGuid():N}.lua");
        File.WriteAllText(file, "local cookies = {" + string.Join(",", cookies.Select(c => $"\"{c}\"")) + "}\nlocal i = 0\n" +
            $"request = function()\n  i = i + 1\n  return wrk.format(\"GET\", \"{path}\", {{[\"Cookie\"] = cookies[(i % #cookies) + 1]}})\nend\n");
        return file;
    }

    private static double Match(Regex regex, string output) =>
        regex.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("wrk output not understood:\n" + output);

    private static double Latency(string output, string percentile)
    {
        var m = Regex.Match(output, $@"\s{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\b");
        if (!m.Success)
        {
            return double.NaN;
        }
        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}

internal sealed record Row(string Name, WrkResult Result, double? Ratio, string? BaselineName, double? Target, string How)
{
    public static Row Baseline(string name, WrkResult r, string how) => new(name, r, null, null, null, how);

    public static Row Versus(string name, WrkResult r, double baseline, string against, double? target, string how) =>
        new(name, r, baseline > 0 ? r.Rps / baseline : null, against, target, how);
}

/// <summary>Start + submit through the quiz API with answers drawn at random from the options shown.</summary>
internal static class QuizLoad
{
    private sealed record Option(string Id);
    private sealed record Question(string QuestionId, string Type, List<Option> Options);
    private sealed record Attempt(Guid Id, List<Question> Questions);
    private sealed record AnswerDto(string QuestionId, List<string> OptionIds);
    private sealed record SubmitRequest(List<AnswerDto> Answers);
    public sealed record SubmitView(Guid AttemptId, int Number, int ScorePercent, bool Passed, int PassingScore, bool AlreadySubmitted);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One start + submit. Returns null and the failure when either answered anything but 200.</summary>
    public static async Task<(SubmitView? Result, string? Failure)> StartAndSubmitAsync(HttpClient http, string courseId, Random random)
    {
        using var started = await http.PostAsync(new Uri($"/api/v1/quizzes/courses/{courseId}/attempts", UriKind.Relative), null);
        if (started.StatusCode != HttpStatusCode.OK)
        {
            return (null, $"start {(int)started.StatusCode}");
        }
        var attempt = (await started.Content.ReadFromJsonAsync<Attempt>(Json))!;
        var answers = Answers(attempt, random);
        using var submitted = await http.PostAsync(new Uri($"/api/v1/quizzes/attempts/{attempt.Id}/submit", UriKind.Relative), JsonContent.Create(new SubmitRequest(answers), options: Json));
        if (submitted.StatusCode != HttpStatusCode.OK)
        {
            return (null, $"submit {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync()}");
        }
        return (await submitted.Content.ReadFromJsonAsync<SubmitView>(Json), null);
    }

    public sealed record Prepared(Browser Browser, Guid AttemptId, string Body);

    /// <summary>Starts one attempt per slot (not measured) and builds its submission; slots whose start fails are skipped.</summary>
    public static async Task<List<Prepared>> PrepareSubmissionsAsync(IReadOnlyList<(Browser Browser, string Course)> slots)
    {
        var prepared = new ConcurrentBag<Prepared>();
        var failures = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(slots, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (slot, token) =>
        {
            using var started = await slot.Browser.Http.PostAsync(new Uri($"/api/v1/quizzes/courses/{slot.Course}/attempts", UriKind.Relative), null, token);
            if (started.StatusCode != HttpStatusCode.OK)
            {
                failures.AddOrUpdate($"start {(int)started.StatusCode}", 1, (_, n) => n + 1);
                return;
            }
            var attempt = (await started.Content.ReadFromJsonAsync<Attempt>(Json, token))!;
            var random = new Random(attempt.Id.GetHashCode());
            var body = JsonSerializer.Serialize(new SubmitRequest(Answers(attempt, random)), Json);
            prepared.Add(new Prepared(slot.Browser, attempt.Id, body));
        });
        foreach (var (f, n) in failures)
        {
            Console.WriteLine($"  not started x{n}: {f}");
        }
        return prepared.OrderBy(p => p.AttemptId).ToList();
    }

    /// <summary>
    /// A wrk script posting each prepared submission exactly once, with its owner's cookie. Each wrk thread takes every
    /// n-th entry; a thread that runs out asks for a path that does not exist, so running out shows as errors.
    /// </summary>
    public static string SubmitScript(IReadOnlyList<Prepared> prepared)
    {
        var cookieIndex = prepared.Select(p => p.Browser).Distinct().Select((b, i) => (b, i)).ToDictionary(x => x.b, x => x.i + 1);
        var lua = new StringBuilder();
        lua.Append("local cookies = {");
        foreach (var (browser, _) in cookieIndex.OrderBy(x => x.Value))
        {
            lua.Append("[==[").Append(browser.CookieHeader()).Append("]==],\n");
        }
        lua.Append("}\nlocal entries = {");
        foreach (var p in prepared)
        {
            lua.Append(CultureInfo.InvariantCulture, $"{{\"/api/v1/quizzes/attempts/{p.AttemptId}/submit\",{cookieIndex[p.Browser]},[==[{p.Body}]==]}},\n");
        }
        lua.Append("""
            }
            local threads = 0
            setup = function(thread)
              threads = threads + 1
              thread:set("first", threads)
              thread:set("step", 2)
            end
            init = function(args)
              i = tonumber(first) or 1
              step = tonumber(step) or 1
            end
            request = function()
              local e = entries[i]
              i = i + step
              if e == nil then
                return wrk.format("GET", "/ran-out-of-prepared-attempts")
              end
              return wrk.format("POST", e[1], { ["Cookie"] = cookies[e[2]], ["Content-Type"] = "application/json" }, e[3])
            end
            """);
        var path = Path.Combine(Path.GetTempPath(), $"rt-suite-submit-{Guid.NewGuid():N}.lua");
        File.WriteAllText(path, lua.ToString());
        return path;
    }

    /// <summary>What the database holds for the prepared attempts afterwards: each submitted at most once, with one response per question.</summary>
    public static async Task<string> CheckSubmittedAsync(IServiceProvider services, IReadOnlyList<Prepared> prepared)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = prepared.Select(p => p.AttemptId).ToList();
        var submitted = await db.QuizAttempts.CountAsync(a => ids.Contains(a.Id) && a.SubmittedAt != null);
        var withoutResponses = await db.QuizAttempts.CountAsync(a => ids.Contains(a.Id) && a.SubmittedAt != null && !db.QuizResponses.Any(r => r.AttemptId == a.Id));
        return $"{submitted:N0} of {prepared.Count:N0} prepared attempts submitted and graded, {withoutResponses} of them without stored responses";
    }

    private static List<AnswerDto> Answers(Attempt attempt, Random random) =>
        // Single and true/false: one option; multiple: a random non-empty subset; ordering: every option in a random order.
        attempt.Questions.Select(q => new AnswerDto(q.QuestionId, q.Type switch
        {
            "Ordering" => q.Options.OrderBy(_ => random.Next()).Select(o => o.Id).ToList(),
            "Multiple" => q.Options.OrderBy(_ => random.Next()).Take(1 + random.Next(q.Options.Count)).Select(o => o.Id).ToList(),
            _ => [q.Options[random.Next(q.Options.Count)].Id],
        })).ToList();

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal sealed record StampedeResult(int Clinicians, double WindowSeconds, double WallSeconds, int Ok, long Errors, IReadOnlyDictionary<string, int> Failures,
    double P50Ms, double P99Ms, double MaxMs, double CpuCores, double MachineCpuCores, double PeakWorkingSetMb, double VmHwmMb,
    long Attempts, long DistinctUsers, long Submitted, long Duplicates, long AlreadySubmittedAnswers)
{
    public string Describe() =>
        $"stampede: {Ok}/{Clinicians} ok, errors {Errors}, p50 {P50Ms:0} ms p99 {P99Ms:0} ms max {MaxMs:0} ms, CPU {CpuCores:0.00} cores (machine {MachineCpuCores:0.00}), " +
        $"app peak RSS {PeakWorkingSetMb:0} MB (VmHWM {VmHwmMb:0} MB), DB: {Attempts} attempts, {DistinctUsers} people, {Submitted} submitted, {Duplicates} duplicates";
}

internal static class Stampede
{
    public static async Task<StampedeResult> RunAsync(IServiceProvider services, AppUnderTest app, IReadOnlyList<Browser> clinicians, string courseId, TimeSpan window)
    {
        var cpu0 = app.CpuSeconds();
        var machine0 = MachineCpu();
        var peak = 0.0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, app.Memory().RssMb);
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        var latencies = new double[clinicians.Count];
        long errors = 0, alreadySubmitted = 0;
        var failures = new ConcurrentDictionary<string, int>();
        var random = new Random(2026);
        var offsets = clinicians.Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds)).ToArray();
        await Task.WhenAll(clinicians.Select(async (c, i) =>
        {
            await Task.Delay(offsets[i]);
            var t0 = clock.Elapsed;
            var (result, failure) = await QuizLoad.StartAndSubmitAsync(c.Http, courseId, new Random(i));
            latencies[i] = (clock.Elapsed - t0).TotalMilliseconds;
            if (result is null)
            {
                Interlocked.Increment(ref errors);
                failures.AddOrUpdate(failure!.Length > 120 ? failure[..120] : failure, 1, (_, n) => n + 1);
            }
            else if (result.AlreadySubmitted)
            {
                Interlocked.Increment(ref alreadySubmitted);
            }
        }));
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = (app.CpuSeconds() - cpu0) / wall;
        var machine = (MachineCpu() - machine0) / wall;
        await sampling.CancelAsync();
        await sampler;
        var hwm = app.Memory().HwmMb;

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var emails = clinicians.Select(c => c.Email.ToUpperInvariant()).ToList();
        var ids = db.Users.Where(u => emails.Contains(u.NormalizedEmail!)).Select(u => u.Id);
        var attempts = db.QuizAttempts.Where(a => a.CourseId == courseId && ids.Contains(a.UserId));
        var total = await attempts.LongCountAsync();
        var distinct = await attempts.Select(a => a.UserId).Distinct().LongCountAsync();
        var submitted = await attempts.LongCountAsync(a => a.SubmittedAt != null);
        var duplicates = await attempts.GroupBy(a => a.UserId).Where(g => g.Count() > 1).LongCountAsync();
        var sorted = latencies.Order().ToArray();
        return new StampedeResult(clinicians.Count, window.TotalSeconds, wall, clinicians.Count - (int)errors, errors, failures,
            QuizLoad.Percentile(sorted, 0.5), QuizLoad.Percentile(sorted, 0.99), sorted[^1], cpu, machine, peak, hwm,
            total, distinct, submitted, duplicates, alreadySubmitted);
    }

    /// <summary>CPU seconds used by the whole machine (all processes), from /proc/stat.</summary>
    private static double MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var busy = fields.Sum() - fields[3] - fields[4];
        return busy / 100.0;
    }
}

internal static class Report
{
    public static string Write(List<Row> rows, DashboardResult dashboard, string submitted, ScenarioResult scenario, StampedeResult s, SeedResult seed, string load, int seconds, int clinicians)
    {
        static string Ms(double v) => double.IsNaN(v) ? "–" : v.ToString(v < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
        var mem = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var ram = double.Parse(mem, CultureInfo.InvariantCulture) / 1048576;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark suite: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine("Written by `bench/suite.sh` (bench/ReferralTraining.Suite); one run, baselines measured in the same run.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} cores, {ram:0.0} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average before the run: {load}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- app: Release build of ReferralTraining.Web as its own process (`dotnet ReferralTraining.Web.dll`, Production environment, server GC, no job server), durable PostgreSQL cluster (fsync, synchronous_commit, full_page_writes on); load generators (wrk, the suite's HttpClients) in other processes on the same 2 cores");
        md.AppendLine(CultureInfo.InvariantCulture, $"- data: {seed.Describe()}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- each row: {seconds} s with wrk (latency from wrk's --latency); signed-in rows use session cookies issued just before the row (a browser keeps the renewed cookie; wrk cannot); the module page takes 32 clinicians' cookies in turn, as each view writes that person's reading clock");
        md.AppendLine();
        md.AppendLine("| scenario | load | req/s | p50 ms | p99 ms | errors | app CPU µs per request | ratio to baseline | target | met |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---|---|");
        foreach (var r in rows)
        {
            var ratio = r.Ratio is { } x ? $"{x:P0} of {r.BaselineName}" : "baseline";
            var target = r.Target is { } t ? $"≥ {t:P0}, no errors" : "–";
            var met = r.Target is { } tt ? (r.Ratio >= tt && r.Result.Errors == 0 ? "yes" : "**no**") : (r.Result.Errors == 0 ? "–" : "**errors**");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.How} | {r.Result.Rps:N0} | {Ms(r.Result.P50Ms)} | {Ms(r.Result.P99Ms)} | {r.Result.Errors} | {(double.IsNaN(r.Result.CpuMicroseconds) ? "–" : r.Result.CpuMicroseconds.ToString("N0", CultureInfo.InvariantCulture))} | {ratio} | {target} | {met} |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Quiz submit row: {submitted}.");
        md.AppendLine();
        var scenarioFailures = scenario.Failures.Count == 0 ? "." : "; failures: " + string.Join("; ", scenario.Failures.Select(f => $"{f.Value}× {f.Key}")) + ".";
        md.AppendLine(CultureInfo.InvariantCulture, $"Scenario step row (issue 19 item 7): p99 {Ms(scenario.P99Ms)} ms against a target of < 100 ms: {(scenario.P99Ms < 100 && scenario.Errors == 0 ? "met" : "**not met**")}; max {Ms(scenario.MaxMs)} ms, app CPU {scenario.CpuMicrosecondsPerRequest:0} µs per request ({scenario.Requests:N0} requests, the first view of each attempt included), {scenario.Attempts:N0} attempts ({scenario.Finished:N0} finished) stored by the {scenario.Workers} players{scenarioFailures}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Compliance dashboard (issue 6): one director, {dashboard.Runs} requests per view one after another, {seed.Staff:N0} staff × {seed.AssignmentsPerPerson} courses each");
        md.AppendLine();
        md.AppendLine("| view | bytes | first byte p50 / p95 ms | total p50 / p95 ms | target | met |");
        md.AppendLine("|---|---:|---|---|---|---|");
        foreach (var v in dashboard.Views)
        {
            var target = v.IsPage ? "p95 < 300 ms" : "–";
            var met = v.IsPage ? (v.TotalP95 < 300 ? "yes" : "**no**") : "–";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {v.Name} | {v.Bytes:N0} | {v.FirstByteP50:0} / {v.FirstByteP95:0} | {v.TotalP50:0} / {v.TotalP95:0} | {target} | {met} |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Stampede: {s.Clinicians:N0} signed-in clinicians, each starts and submits a quiz, arrivals spread at random over {s.WindowSeconds:0} s");
        md.AppendLine();
        md.AppendLine("| measure | value | target | met |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| completed (start + submit, both 200) | {s.Ok:N0} of {s.Clinicians:N0} in {s.WallSeconds:0.0} s | all | {(s.Ok == s.Clinicians ? "yes" : "**no**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| errors | {s.Errors}{(s.Failures.Count == 0 ? "" : " (" + string.Join("; ", s.Failures.Select(f => $"{f.Value}× {f.Key}")) + ")")} | 0 | {(s.Errors == 0 ? "yes" : "**no**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| start + submit latency p50 / p99 / max | {s.P50Ms:0} / {s.P99Ms:0} / {s.MaxMs:0} ms | p99 < 1,000 ms | {(s.P99Ms < 1000 ? "yes" : "**no**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| attempts in the database | {s.Attempts:N0} rows, {s.DistinctUsers:N0} people, {s.Submitted:N0} submitted, {s.Duplicates} people with more than one, {s.AlreadySubmittedAnswers} answers \"already submitted\" | {s.Clinicians:N0}, each once | {(s.Attempts == s.Clinicians && s.DistinctUsers == s.Clinicians && s.Submitted == s.Clinicians && s.Duplicates == 0 && s.AlreadySubmittedAnswers == 0 ? "yes" : "**no**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| app CPU (process CPU time / wall) | {s.CpuCores:0.00} cores of {Environment.ProcessorCount} (whole machine: {s.MachineCpuCores:0.00}, PostgreSQL and the load generator included) | – | – |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| app peak resident memory during the window (`VmRSS` of the app process, sampled every 100 ms) | {s.PeakWorkingSetMb:0} MB (`VmHWM` over the app process's whole life, every row and {s.Clinicians:N0} sign-ins included: {s.VmHwmMb:0} MB) | < 500 MB | {(s.PeakWorkingSetMb < 500 ? "yes" : "**no**")} |");
        return md.ToString();
    }
}
