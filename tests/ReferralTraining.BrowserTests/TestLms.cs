using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.BrowserTests;

/// <summary>
/// A second origin standing in for a hospital's LMS: its own Kestrel on another loopback port serving
/// tests/scorm-lms/lms.html, scorm-again's runtime (from that folder's npm ci) and an imported package's files.
/// </summary>
public sealed class TestLms : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string root;

    private TestLms(WebApplication app, string root, string origin)
    {
        this.app = app;
        this.root = root;
        Origin = origin;
    }

    /// <summary>
    /// The LMS's origin: http://127.0.0.1:40123 (another port than the app's: another origin, the same site), or, cross-site,
    /// http://localhost:40123 (another host than the app's 127.0.0.1: another site, still a secure context for Chromium).
    /// </summary>
    public string Origin { get; }

    public static async Task<TestLms> StartAsync(bool crossSite = false)
    {
        var runtime = Path.Combine(RepoPaths.Root, "tests", "scorm-lms", "node_modules", "scorm-again", "dist");
        if (!File.Exists(Path.Combine(runtime, "scorm12.js")))
        {
            throw new InvalidOperationException($"scorm-again is not installed: run 'npm ci --prefix tests/scorm-lms' (test.sh does).");
        }
        var root = Directory.CreateTempSubdirectory("rt-test-lms-").FullName;
        File.Copy(Path.Combine(RepoPaths.Root, "tests", "scorm-lms", "lms.html"), Path.Combine(root, "lms.html"));
        File.Copy(Path.Combine(runtime, "scorm12.js"), Path.Combine(root, "scorm12.js"));
        File.Copy(Path.Combine(runtime, "scorm2004.js"), Path.Combine(root, "scorm2004.js"));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0"); // the port is chosen by the system when binding: no race for it
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root) });
        await app.StartAsync();
        var address = app.Urls.Single();
        var port = new Uri(address).Port;
        return new TestLms(app, root, crossSite ? $"http://localhost:{port}" : $"http://127.0.0.1:{port}");
    }

    /// <summary>"Imports" a package: unzips it under /{folder}/ as an LMS would serve it.</summary>
    public void Import(string zipPath, string folder) => ZipFile.ExtractToDirectory(zipPath, Path.Combine(root, folder));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}
