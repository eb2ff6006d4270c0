using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Scenarios;

namespace ReferralTraining.Suite;

internal sealed record ScenarioResult(int Workers, double Seconds, long Steps, long Requests, long Errors, IReadOnlyDictionary<string, int> Failures, double P50Ms, double P99Ms, double MaxMs,
    double CpuMicrosecondsPerRequest, long Attempts, long Finished)
{
    /// <summary>As a table row: steps per second, step latency, CPU per HTTP request (a step is two).</summary>
    public WrkResult AsRow() => new(Steps / Seconds, P50Ms, P99Ms, Errors, Steps, CpuMicrosecondsPerRequest);

    public string Describe() =>
        $"scenario step: {Steps / Seconds:0}/s p50 {P50Ms:0.0} p99 {P99Ms:0.0} max {MaxMs:0} errors {Errors}; app CPU {CpuMicrosecondsPerRequest:0} µs per request ({Requests} requests); " +
        $"{Attempts} attempts ({Finished} finished) by the {Workers} players";
}

/// <summary>
/// Issue 19 item 7: the scenario player's step through the real no-JavaScript forms. A step is one form post (a choice,
/// or Continue after its feedback) and the page it redirects to (the feedback, the next patient turn, or the debrief):
/// what a clinician waits for after pressing the button. Attempts are started before the row (not measured); during
/// the row a fixed number of workers each play one attempt to its end with random choices, then take the next.
/// </summary>
internal static partial class ScenarioLoad
{
    /// <summary>HTTP requests sent during the row (every GET and POST), for the app's CPU per request.</summary>
    private static long requests;

    public sealed record Prepared(Browser Player, string AttemptUrl, string Token);

    /// <summary>
    /// Starts one attempt per player before the row (not measured: a person has at most one open attempt per scenario,
    /// so each attempt needs its own player), so the row's time and CPU are the steps' alone.
    /// </summary>
    public static async Task<List<Prepared>> PrepareAsync(IReadOnlyList<Browser> players, string courseId, string scenarioId)
    {
        var prepared = new ConcurrentBag<Prepared>();
        await Parallel.ForEachAsync(players, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (player, _) =>
        {
            var (attemptUrl, token) = await StartAsync(player, courseId, scenarioId);
            prepared.Add(new Prepared(player, attemptUrl, token));
        });
        return prepared.OrderBy(p => p.AttemptUrl, StringComparer.Ordinal).ToList();
    }

    public static async Task<ScenarioResult> RunAsync(IServiceProvider services, AppUnderTest app, IReadOnlyList<Prepared> prepared, int workers, string scenarioId, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentDictionary<string, int>();
        var queue = new ConcurrentQueue<Prepared>(prepared);
        long errors = 0;
        Interlocked.Exchange(ref requests, 0);
        var cpu0 = app.CpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async index =>
        {
            var random = new Random(index);
            while (clock.Elapsed < duration && queue.TryDequeue(out var attempt))
            {
                try
                {
                    await PlayAsync(attempt, random, latencies, () => clock.Elapsed < duration);
                }
                catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    var key = e.Message.Length > 120 ? e.Message[..120] : e.Message;
                    failures.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            }
        }));
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = app.CpuSeconds() - cpu0;
        var sorted = latencies.Order().ToArray();
        if (queue.IsEmpty)
        {
            failures.TryAdd("ran out of prepared attempts before the row's time was up", 1);
        }

        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var attempts = db.Set<ScenarioAttempt>().Where(a => a.ScenarioId == scenarioId);
        var sent = Interlocked.Read(ref requests);
        return new ScenarioResult(workers, wall, sorted.Length, sent, errors, failures,
            QuizLoad.Percentile(sorted, 0.5), QuizLoad.Percentile(sorted, 0.99), sorted.Length == 0 ? double.NaN : sorted[^1],
            sent == 0 ? double.NaN : cpu * 1e6 / sent, await attempts.LongCountAsync(), await attempts.LongCountAsync(a => a.FinishedAt != null));
    }

    /// <summary>Plays one attempt to its debrief (or until the row ends), timing each step.</summary>
    private static async Task PlayAsync(Prepared attempt, Random random, ConcurrentBag<double> latencies, Func<bool> running)
    {
        var page = await GetAsync(attempt.Player, attempt.AttemptUrl);
        while (running())
        {
            var choices = ChoiceValue().Matches(page).Select(m => m.Groups[1].Value).ToList();
            var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = attempt.Token };
            string handler;
            if (choices.Count > 0)
            {
                handler = "Choose";
                fields["nodeId"] = WebUtility.HtmlDecode(NodeId().Match(page).Groups[1].Value);
                fields["choice"] = choices[random.Next(choices.Count)];
            }
            else if (page.Contains("handler=Continue", StringComparison.Ordinal))
            {
                handler = "Continue";
            }
            else
            {
                return; // the debrief: this attempt is over
            }
            var t0 = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref requests);
            using var form = new FormUrlEncodedContent(fields);
            using var posted = await attempt.Player.Http.PostAsync(new Uri($"{attempt.AttemptUrl}?handler={handler}", UriKind.Relative), form);
            if (posted.StatusCode != HttpStatusCode.Redirect || posted.Headers.Location is null)
            {
                throw new InvalidOperationException($"{handler} answered {(int)posted.StatusCode}");
            }
            page = await GetAsync(attempt.Player, posted.Headers.Location.OriginalString.Split('#')[0]);
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
    }

    /// <summary>Posts the introduction page's Start form; returns the attempt's address and the session's antiforgery token.</summary>
    private static async Task<(string AttemptUrl, string Token)> StartAsync(Browser player, string courseId, string scenarioId)
    {
        var intro = $"/courses/{courseId}/scenarios/{scenarioId}";
        var page = await GetAsync(player, intro);
        var token = WebUtility.HtmlDecode(Token().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"{intro} has no antiforgery token"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var started = await player.Http.PostAsync(new Uri($"{intro}?handler=Start", UriKind.Relative), form);
        if (started.StatusCode != HttpStatusCode.Redirect || started.Headers.Location is null)
        {
            throw new InvalidOperationException($"start answered {(int)started.StatusCode}");
        }
        return (started.Headers.Location.OriginalString.Split('#')[0], token);
    }

    private static async Task<string> GetAsync(Browser player, string url)
    {
        Interlocked.Increment(ref requests);
        using var response = await player.Http.GetAsync(new Uri(url, UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } next)
        {
            return await GetAsync(player, next.OriginalString.Split('#')[0]);
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url.Split('/')[1]} answered {(int)response.StatusCode}");
        }
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("""name="choice" id="choice-\d+" value="(\d+)""")]
    private static partial Regex ChoiceValue();

    [GeneratedRegex("""name="nodeId" value="([^"]*)""")]
    private static partial Regex NodeId();

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]*)""")]
    private static partial Regex Token();
}
