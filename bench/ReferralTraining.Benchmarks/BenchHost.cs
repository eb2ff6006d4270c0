using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ReferralTraining.Benchmarks;

/// <summary>
/// The production app, unchanged, on a real Kestrel port: Production environment (JSON logs, exception page,
/// HSTS), with only deployment settings changed for the run. Nothing here replaces a service.
/// </summary>
internal sealed class BenchHost(string connectionString, string contentPath) : WebApplicationFactory<Program>
{
    /// <summary>The settings the run uses on top of appsettings.json, printed in the report.</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        // Only warnings and errors: per-request Information logs are a logging benchmark, not ours.
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        // A web-only instance: job workers polling the same database would be measured as noise.
        ["BackgroundJobs:ServerEnabled"] = "false",
        // All clinicians sign in from 127.0.0.1: the per-address sign-in limit would refuse most of them.
        ["Accounts:PublicFormsPerMinute"] = "100000",
        ["Accounts:SignInPagePerMinute"] = "1000000",
        ["Accounts:SignInPerAddressPerMinute"] = "1000000",
        ["Accounts:SignInPerAddressBurst"] = "100000",
        ["Seed:Enabled"] = "false",
        ["Email:DevMailboxEnabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Courses:ContentPath", contentPath);
        builder.UseSetting("AllowedHosts", "*"); // the load generator addresses 127.0.0.1
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
