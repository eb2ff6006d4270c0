using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.IntegrationTests.Processes;

/// <summary>
/// The real app as a separate OS process (`dotnet ReferralTraining.Web.dll`, environment Production), configured
/// only through environment variables, the way a container or systemd unit runs it. Nothing is shared with the
/// test process except the database and the SMTP sink.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the app wrote (for failure messages).</summary>
    public string RecentOutput => string.Join('\n', output.TakeLast(40));

    private readonly List<string> all = [];

    /// <summary>How many lines the app has written so far: a mark for <see cref="LinesSince"/>.</summary>
    public int LineCount
    {
        get
        {
            lock (all)
            {
                return all.Count;
            }
        }
    }

    /// <summary>Every line written after the mark (stdout and stderr; JSON log lines outside development).</summary>
    public List<string> LinesSince(int mark)
    {
        lock (all)
        {
            return all.Skip(mark).ToList();
        }
    }

    /// <summary>The build output of the web project, in the configuration the tests were built in.</summary>
    public static string WebDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var bin = Path.Combine(RepoPaths.Root, "src", "ReferralTraining.Web", "bin", configuration);
            var dll = Directory.Exists(bin) ? Directory.GetFiles(bin, "ReferralTraining.Web.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
            return dll ?? throw new InvalidOperationException($"ReferralTraining.Web.dll not found under {bin}: build the solution first.");
        }
    }

    /// <summary>Starts the app and waits until it answers /health/live (migrations and content publishing done).</summary>
    public static async Task<AppProcess> StartAsync(string connectionString, int smtpPort, IDictionary<string, string>? settings = null)
    {
        var port = PrivateCluster.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_gcServer"] = "0",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Email__Host"] = "127.0.0.1",
            ["Email__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Email__TimeoutSeconds"] = "5",
            ["Email__SweepAfterSeconds"] = "2",
            ["Courses__ContentPath"] = RepoPaths.FixtureContent,
            ["Credentials__PublicBaseUrl"] = baseAddress.ToString().TrimEnd('/'),
            ["Accounts__PublicFormsPerMinute"] = "100000",
            ["Accounts__TwoFactorPerMinute"] = "100000",
            ["Accounts__SignInPagePerMinute"] = "1000000",
            ["Accounts__SignInPerAddressPerMinute"] = "1000000",
            ["Accounts__SignInPerAddressBurst"] = "100000",
            ["Accounts__SignInFailuresPerAddressPer15Minutes"] = "1000000",
            ["BackgroundJobs__QueuePollIntervalMs"] = "100",
            ["BackgroundJobs__WorkerCount"] = "2",
            ["BackgroundJobs__InvisibilityTimeoutSeconds"] = "10",
            ["Certificates__SweepAfterSeconds"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var app = new AppProcess(new Process { StartInfo = start }, baseAddress);
        app.process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app.process.Start();
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // Migrating an empty database and publishing content took 60-80 s with 8 builds at once on this 2-core machine.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (app.process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {app.process.ExitCode} while starting:\n{app.RecentOutput}");
            }
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"The app did not answer /health/live within 180 s:\n{app.RecentOutput}");
    }

    public HttpClient Client(HttpMessageHandler? handler = null) =>
        new(handler ?? new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL (Process.Kill on Unix): no shutdown hooks, no flushing, like a power cut for this process.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }
        process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        output.Enqueue(line);
        lock (all)
        {
            all.Add(line);
        }
        while (output.Count > 200)
        {
            output.TryDequeue(out _);
        }
    }
}
