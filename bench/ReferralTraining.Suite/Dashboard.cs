using System.Diagnostics;
using System.Net;

namespace ReferralTraining.Suite;

internal sealed record DashboardView(string Name, bool IsPage, long Bytes, double FirstByteP50, double FirstByteP95, double TotalP50, double TotalP95);

internal sealed record DashboardResult(int Runs, IReadOnlyList<DashboardView> Views);

/// <summary>
/// Issue 6's measure: a director opening dashboard views one after another (no concurrency), time to first byte and
/// total per request, for the first page, a later page, a status filter and the whole CSV export.
/// </summary>
internal static class Dashboard
{
    public static async Task<DashboardResult> MeasureAsync(Browser director, string url, SeedResult seed)
    {
        var runs = int.Parse(Environment.GetEnvironmentVariable("RT_SUITE_DASHBOARD_RUNS") ?? "40", System.Globalization.CultureInfo.InvariantCulture);
        var views = new List<DashboardView>
        {
            await ViewAsync(director, "first page (50 people)", url, isPage: true, runs),
            await ViewAsync(director, "page 20 (people 951–1,000)", url + "?page=20", isPage: true, runs),
            await ViewAsync(director, "status filter \"Overdue\", first page", url + "?status=Overdue", isPage: true, runs),
            await ViewAsync(director, $"CSV export, all {seed.Staff:N0} people", url + "?handler=Csv", isPage: false, Math.Max(5, runs / 4)),
        };
        return new DashboardResult(runs, views);
    }

    private static async Task<DashboardView> ViewAsync(Browser director, string name, string url, bool isPage, int runs)
    {
        var firstByte = new List<double>();
        var total = new List<double>();
        long bytes = 0;
        for (var i = 0; i < runs + 2; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await director.Http.GetAsync(new Uri(url, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            var headers = clock.Elapsed.TotalMilliseconds;
            var body = await response.Content.ReadAsByteArrayAsync();
            var all = clock.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
            }
            if (i < 2)
            {
                continue; // warm-up
            }
            bytes = body.Length;
            firstByte.Add(headers);
            total.Add(all);
        }
        var fb = firstByte.Order().ToArray();
        var tt = total.Order().ToArray();
        Console.WriteLine($"dashboard {name}: first byte p50 {QuizLoad.Percentile(fb, 0.5):0} p95 {QuizLoad.Percentile(fb, 0.95):0} ms, total p50 {QuizLoad.Percentile(tt, 0.5):0} p95 {QuizLoad.Percentile(tt, 0.95):0} ms, {bytes:N0} bytes");
        return new DashboardView(name, isPage, bytes, QuizLoad.Percentile(fb, 0.5), QuizLoad.Percentile(fb, 0.95), QuizLoad.Percentile(tt, 0.5), QuizLoad.Percentile(tt, 0.95));
    }
}
