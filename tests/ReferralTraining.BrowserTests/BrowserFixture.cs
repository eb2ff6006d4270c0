using Microsoft.Extensions.DependencyInjection;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.BrowserTests;

/// <summary>
/// The app on a real Kestrel port with the real course library, its own database, and Debian's Chromium driven by
/// Playwright. One per journey class (each class is its own copy of the "browser" collection, see ParallelCollections),
/// so journeys run in parallel; they share one Chromium process, each test in its own browser context.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim BrowserGate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? sharedBrowser;

    public TestDatabase Database { get; private set; } = default!;
    public SmtpSink Smtp { get; } = new();
    public AppFactory Factory { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateMigratedAsync(TestDatabase.UniqueName("rt_browser"));
        // The public origin is the address the browser uses, so e-mailed links (built only from it) open in the browser.
        var port = FreePort();
        Factory = new AppFactory(Database.ConnectionString, Smtp.Port, RepoPaths.Content,
            new Dictionary<string, string?> { ["Credentials:PublicBaseUrl"] = $"http://127.0.0.1:{port}" });
        Factory.UseKestrel(port);
        Factory.StartServer();
        BaseUrl = Factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        Browser = await SharedBrowserAsync();
    }

    // One Chromium for the whole run, closed with the process: browser contexts keep the journeys apart.
    private static async Task<IBrowser> SharedBrowserAsync()
    {
        await BrowserGate.WaitAsync();
        try
        {
            if (sharedBrowser is null)
            {
                playwright = await Playwright.CreateAsync();
                sharedBrowser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = "/usr/bin/chromium",
                    Headless = true,
                    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                });
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    sharedBrowser.CloseAsync().Wait(TimeSpan.FromSeconds(10));
                    playwright.Dispose();
                };
            }
            return sharedBrowser;
        }
        finally
        {
            BrowserGate.Release();
        }
    }

    /// <summary>After the password step: enters the authenticator code when the app asks for one (admins, directors, boards).</summary>
    public async Task CompleteSecondStepAsync(IPage page, string email)
    {
        // Wait only until the next document is committed: the callers' assertions wait for its content. Waiting for the
        // load event (the default) once timed out after the page had fully rendered (screenshot showed Home, signed in).
        await page.WaitForURLAsync(url => !url.Contains("/accounts/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        if (page.Url.Contains("/accounts/two-factor", StringComparison.Ordinal))
        {
            await page.GetByLabel("Code").FillAsync(await Factory.NextTotpCodeAsync(email));
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task DisposeAsync()
    {
        await HostShelf.RetireAsync(Factory);
        await Smtp.DisposeAsync();
    }
}

/// <summary>The journeys: one copy of the collection, so one BrowserFixture, per test class.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>, IOneCopyPerTestClass
{
    public const string Name = "browser";
}

[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    protected BrowserFixture Fixture { get; } = fixture;
    protected IPage Page { get; private set; } = default!;
    private IBrowserContext context = default!;

    public virtual async Task InitializeAsync()
    {
        await Fixture.Database.ResetAsync();
        // The database is emptied between tests; a process-wide cache of its rows must be too.
        Fixture.Factory.Services.GetRequiredService<ReferralTraining.Web.Features.Certificates.Credentials.CurrentIssuerKeyCache>().Clear();
        await Fixture.Factory.PublishContentAsync();
        context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Fixture.BaseUrl });
        Page = await context.NewPageAsync();
    }

    public async Task DisposeAsync() => await context.DisposeAsync();

    /// <summary>Runs a journey; on failure saves a full-page screenshot to TestResults/screenshots.</summary>
    protected async Task JourneyAsync(string name, Func<Task> journey)
    {
        try
        {
            await journey();
        }
        catch
        {
            var folder = Path.Combine(RepoPaths.Root, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{DateTime.UtcNow:HHmmss}.png"), FullPage = true });
            throw;
        }
    }

    /// <summary>axe-core on the current page: no serious or critical violation.</summary>
    protected async Task AssertAccessibleAsync()
    {
        var result = await Page.RunAxe();
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0,
            $"{Page.Url}: " + string.Join("; ", blocking.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }
}
