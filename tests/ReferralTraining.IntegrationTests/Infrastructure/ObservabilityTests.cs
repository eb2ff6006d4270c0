using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.IntegrationTests.Infrastructure;

/// <summary>Issue 24: health that tells the truth, 503 with Retry-After while the database is away, and /metrics.</summary>
public sealed class ObservabilityTests(AppFixture fixture) : AppTest(fixture)
{
    private static readonly string[] ReadinessChecks = ["database", "migrations", "content", "jobs", "outbox"];

    [Fact]
    public async Task Ready_names_every_check_and_live_needs_nothing()
    {
        await Factory.PublishContentAsync();
        using var client = Factory.CreateClient();
        foreach (var path in new[] { "/health/ready", "/health" })
        {
            var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
            using var json = JsonDocument.Parse(body);
            Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
            var checks = json.RootElement.GetProperty("checks");
            Assert.Equal(ReadinessChecks.Order(), checks.EnumerateObject().Select(c => c.Name).Order());
            Assert.All(ReadinessChecks, name => Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString()));
            Assert.Contains("job server(s) with a heartbeat in the last 30 s", checks.GetProperty("jobs").GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("ok", await live.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_unhealthy_without_a_live_job_server_and_degraded_when_mail_lags()
    {
        // A web-only instance: whether jobs run depends on the heartbeats other servers leave in the database.
        var web = await WebOnlyHostAsync();
        using var client = web.Host.CreateClient();
        await Execute(web.Db, "DELETE FROM hangfire.server");
        var none = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.Status);
        Assert.Equal("Unhealthy", none.Checks["jobs"].Status);
        Assert.Contains("none registered", none.Checks["jobs"].Description, StringComparison.Ordinal);
        Assert.Equal("Healthy", none.Checks["database"].Status);

        // A server that died 40 s ago (limit 30 s) counts as none; one with a fresh heartbeat makes the instance ready.
        await Execute(web.Db, """
            INSERT INTO hangfire.server (id, data, lastheartbeat) VALUES ('dead-host:1:x', '{}', now() - interval '40 seconds')
            """);
        var dead = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, dead.Status);
        // 40 s when read at once; a loaded machine may take a few seconds between the insert and the check.
        Assert.Matches(@"the newest heartbeat 4\d s ago", dead.Checks["jobs"].Description);
        await Execute(web.Db, "INSERT INTO hangfire.server (id, data, lastheartbeat) VALUES ('live-host:2:y', '{}', now())");
        var ready = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Overall);

        // Mail waiting longer than Operations:OutboxLagLimitSeconds: still serving (200), but Degraded, with the numbers.
        await Execute(web.Db, """
            INSERT INTO outbound_emails ("Id", "To", "ToName", "Subject", "TextBody", "HtmlBody", "CreatedAt", "Attempts")
            VALUES (gen_random_uuid(), 'a@test.example', 'A', 'Old', 't', 'h', now() - interval '10 minutes', 3)
            """);
        var lagging = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.OK, lagging.Status);
        Assert.Equal("Degraded", lagging.Overall);
        Assert.Equal("Degraded", lagging.Checks["outbox"].Status);
        Assert.Matches(@"^1 e-mail\(s\) waiting, the oldest 6\d\d s \(limit 300 s\)$", lagging.Checks["outbox"].Description);
        await Execute(web.Db, "DELETE FROM outbound_emails; DELETE FROM hangfire.server WHERE id IN ('dead-host:1:x', 'live-host:2:y')");
    }

    [Fact]
    public async Task Metrics_expose_the_apps_own_series_to_allowed_networks_only()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var page = PageClient.For(Factory))
        {
            await page.SignInAsync(user.Email!);
        }

        var allowed = await ScrapeAsync(Factory.Server, IPAddress.Loopback);
        Assert.Equal(200, allowed.Status);
        var series = ParsePrometheus(allowed.Body);
        // The app's own instruments, with their Prometheus names.
        Assert.True(series.TryGetValue("referraltraining_signins_total", out var signIns) && signIns.Sum(s => s.Value) >= 1,
            "referraltraining_signins_total missing or zero:\n" + allowed.Body[..Math.Min(3000, allowed.Body.Length)]);
        Assert.Contains("referraltraining_outbox_waiting", series.Keys);
        Assert.Contains("referraltraining_outbox_oldest_age_seconds", series.Keys);
        Assert.All(series["referraltraining_outbox_waiting"], s => Assert.True(s.Value >= 0));
        // ASP.NET Core, runtime and Npgsql instrumentation.
        Assert.Contains(series.Keys, k => k.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal));
        Assert.Contains(series.Keys, k => k.StartsWith("dotnet_", StringComparison.Ordinal));
        Assert.Contains(series.Keys, k => k.StartsWith("db_client_", StringComparison.Ordinal));

        var elsewhere = await ScrapeAsync(Factory.Server, IPAddress.Parse("203.0.113.9"));
        Assert.Equal(404, elsewhere.Status);
        Assert.DoesNotContain("referraltraining_", elsewhere.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_gone_answers_503_with_Retry_After_then_recovers_with_one_warning_each_way()
    {
        var proxy = new CuttableTcpProxy(Fixture.Database.ConnectionString);
        var host = await Fixture.ExtraHostAsync("rt_integration_outage", settings: new Dictionary<string, string?>
        {
            ["BackgroundJobs:ServerEnabled"] = "false",
            ["Operations:RetryAfterSeconds"] = "7",
        }, connectionString: direct => new NpgsqlConnectionStringBuilder(direct) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString,
            owned: proxy);
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        var code = Web.Features.Certificates.VerificationCode.New();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/courses")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/verifications/{code}")).StatusCode);

        proxy.Cut();
        var page = await client.GetAsync("/courses");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), page.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Back in a moment</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var api = await client.GetAsync($"/api/v1/verifications/{code}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), api.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync()))
        {
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        }
        var health = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/courses")).StatusCode);
        }

        proxy.Restore();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/courses")).StatusCode == HttpStatusCode.OK,
            "pages to answer again once the database is back");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/verifications/{code}")).StatusCode);

        // One warning when it went, one when it came back with the duration and the refused count; nothing per request.
        var lines = await Eventually.MatchAsync(() => Task.FromResult(OutageLines(host)),
            seen => seen.Any(l => l.Contains("reachable again", StringComparison.Ordinal)), "the \"reachable again\" log line");
        Assert.Single(lines, l => l.StartsWith("Database unreachable", StringComparison.Ordinal));
        var back = Assert.Single(lines, l => l.StartsWith("Database reachable again after", StringComparison.Ordinal));
        var refused = int.Parse(Regex.Match(back, @"; (\d+) request\(s\) refused with 503").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(refused >= 5, back);
        Assert.Equal(2, lines.Count);
    }

    private static List<string> OutageLines(AppFactory host) => host.SecurityRefusals()
        .Where(r => r.Category == typeof(Web.Infrastructure.Observability.DatabaseOutage).FullName)
        .Select(r => r.Message).ToList();

    private async Task<(AppFactory Host, string Db)> WebOnlyHostAsync()
    {
        var host = await Fixture.ExtraHostAsync("rt_integration_web_only", settings: new Dictionary<string, string?>
        {
            ["BackgroundJobs:ServerEnabled"] = "false",
        });
        _ = host.Server;
        return (host, $"{TestDatabase.ServerConnectionString};Database=rt_integration_web_only");
    }

    private static async Task<(HttpStatusCode Status, string Overall, Dictionary<string, (string Status, string Description)> Checks)> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(c => c.Name, c => (c.Value.GetProperty("status").GetString()!, c.Value.GetProperty("description").GetString() ?? ""));
        return (response.StatusCode, json.RootElement.GetProperty("status").GetString()!, checks);
    }

    private static async Task Execute(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(int Status, string Body)> ScrapeAsync(TestServer server, IPAddress from)
    {
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = from;
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    /// <summary>Prometheus text format: every sample line parses as name{labels} value; returns samples by metric name.</summary>
    internal static Dictionary<string, List<(string Labels, double Value)>> ParsePrometheus(string text)
    {
        var series = new Dictionary<string, List<(string, double)>>();
        var sample = new Regex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)( -?[0-9]+)?$");
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var match = sample.Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample line: {line}");
            var value = match.Groups[3].Value switch
            {
                "NaN" => double.NaN,
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture),
            };
            var name = match.Groups[1].Value;
            if (!series.TryGetValue(name, out var list))
            {
                series[name] = list = [];
            }
            list.Add((match.Groups[2].Value, value));
        }
        return series;
    }
}

/// <summary>
/// A TCP relay to PostgreSQL that can be cut (every open connection reset, new ones closed at once) and restored:
/// what a failover or a network partition looks like to the app, without touching the shared test cluster.
/// </summary>
internal sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly List<TcpClient> open = [];
    private readonly CancellationTokenSource stop = new();
    private volatile bool cut;

    public CuttableTcpProxy(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        targetHost = target.Host!;
        targetPort = target.Port;
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Cut()
    {
        cut = true;
        lock (open)
        {
            foreach (var client in open)
            {
                Reset(client); // RST, as a dead server or partition gives
            }
            open.Clear();
        }
    }

    public void Restore() => cut = false;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            if (cut)
            {
                Reset(client);
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(targetHost, targetPort);
            lock (open)
            {
                open.Add(client);
                open.Add(server);
            }
            using var both = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), both.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), both.Token);
            await Task.WhenAny(up, down);
            await both.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            lock (open)
            {
                open.Remove(client);
                open.Remove(server);
            }
            client.Dispose();
            server.Dispose();
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        Cut();
        stop.Dispose();
    }
}
