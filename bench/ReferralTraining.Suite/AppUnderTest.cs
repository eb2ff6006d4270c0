using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.Suite;

/// <summary>
/// The app measured: the Release build of ReferralTraining.Web as its own OS process (Production environment,
/// configured through environment variables like a container), so its CPU and memory are its own and the load
/// generator's HttpClients do not share its garbage collector or thread pool.
/// </summary>
internal sealed class AppUnderTest : IDisposable
{
    private readonly Process process;

    private AppUnderTest(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The garbage collector the app runs with: its runtimeconfig.json, unless DOTNET_gcServer overrides it.</summary>
    public string GcMode { get; private init; } = "";
    public int Pid => process.Id;

    /// <param name="overrides">Settings replacing the defaults below (the deadline-day run restores production sign-in limits).</param>
    public static async Task<AppUnderTest> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var dll = Path.Combine(RepoPaths.Root, "src", "ReferralTraining.Web", "bin", "Release", "net10.0", "ReferralTraining.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: bench/suite.sh builds it.");
        }
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Courses__ContentPath"] = RepoPaths.Content,
            ["Logging__LogLevel__Default"] = "Warning",
            // A web-only instance: job workers polling the database would be measured as noise.
            ["BackgroundJobs__ServerEnabled"] = "false",
            // Every client comes from 127.0.0.1: the per-address limits would refuse most of them.
            ["Accounts__PublicFormsPerMinute"] = "100000",
            // The setup signs every clinician in from this one address before measuring: not the sign-in burst under test.
            ["Accounts__SignInPagePerMinute"] = "1000000",
            ["Accounts__SignInPerAddressPerMinute"] = "1000000",
            ["Accounts__SignInPerAddressBurst"] = "100000",
            ["Accounts__TwoFactorPerMinute"] = "100000",
            ["Verification__PublicPerMinute"] = "1000000",
            ["Credentials__PublicBaseUrl"] = "http://localhost",
            ["AllowedHosts"] = "*", // wrk addresses 127.0.0.1
            ["Email__DevMailboxEnabled"] = "false",
        })
        {
            start.Environment[key] = value;
        }
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        // Drain the app's output so it never blocks on a full pipe; keep errors visible.
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) == true || e.Data?.Contains("fail:", StringComparison.Ordinal) == true) { Console.WriteLine("  app: " + e.Data[..Math.Min(e.Data.Length, 300)]); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.WriteLine("  app stderr: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppUnderTest(process, baseAddress) { GcMode = ServerGc(dll) ? "server (System.GC.Server)" : "workstation" };
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var deadline = DateTime.UtcNow.AddSeconds(120); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting.");
            }
            try
            {
                using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (live.IsSuccessStatusCode)
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
        }
        app.Dispose();
        throw new TimeoutException("The app did not answer /health/live within 120 s.");
    }

    /// <summary>DOTNET_gcServer when set (the runtime lets it override), else System.GC.Server in the app's runtimeconfig.json.</summary>
    private static bool ServerGc(string dll)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_gcServer") is { } env)
        {
            return env == "1";
        }
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty("System.GC.Server", out var server) && server.ValueKind == System.Text.Json.JsonValueKind.True;
    }

    /// <summary>Resident memory now and its high-water mark since the process started (kB → MB), from /proc.</summary>
    public (double RssMb, double HwmMb) Memory()
    {
        double Field(string name) => double.Parse(File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS:"), Field("VmHWM:"));
    }

    /// <summary>CPU seconds the app process has used (user + system).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command: state is field 3, utime field 14, stime field 15 (proc(5)); here indexes 11 and 12.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }
}
