// Certificate benchmarks (not tests): (1) issue N certificates through the Hangfire jobs, signing
// included, and time it; (2) the public verification API's request rate and p99 next to a plain
// endpoint (/health/live), both measured with wrk in the same run. Usage: see bench/certificates.sh.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.CertificateBenchmarks;

internal static class CertificateBench
{
    public static async Task<int> Main()
    {
        var connection = Environment.GetEnvironmentVariable("RT_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set RT_BENCH_POSTGRES (bench/certificates.sh does).");
        var count = int.Parse(Environment.GetEnvironmentVariable("RT_BENCH_CERTIFICATES") ?? "10000", CultureInfo.InvariantCulture);
        var workers = Environment.GetEnvironmentVariable("RT_BENCH_WORKERS") ?? "8";
        var seconds = Environment.GetEnvironmentVariable("RT_BENCH_WRK_SECONDS") ?? "15";

        await using var smtp = new SmtpSink();
        await using var app = new BenchFactory(connection, smtp.Port, workers);
        app.UseKestrel(0);
        app.StartServer();
        var baseUrl = app.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        Console.WriteLine($"app at {baseUrl}, {count} certificates, {workers} Hangfire workers");

        using (var scope = app.Services.CreateScope())
        {
            var publisher = scope.ServiceProvider.GetRequiredService<ContentPublisher>();
            await publisher.PublishAsync(publisher.ContentRoot, CancellationToken.None);
        }

        // Set-based seed (not measured): learners who finished the course and claimed NAADAC credit.
        var seed = Stopwatch.StartNew();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Database.SetCommandTimeout(300);
            var versionId = await db.Courses.Where(c => c.Id == "sample-course").Select(c => c.CurrentVersionId).SingleAsync();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PhoneNumberConfirmed",
                    "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "GivenName", "FamilyName", "Profession", "TimeZoneId", "CreatedAt", "SecurityStamp")
                SELECT gen_random_uuid(), 'bench' || n || '@bench.example', 'BENCH' || n || '@BENCH.EXAMPLE', 'bench' || n || '@bench.example', 'BENCH' || n || '@BENCH.EXAMPLE',
                    true, false, false, true, 0, 'Bench', 'Learner ' || n, 'Counselor', 'America/Chicago', now(), md5(n::text)
                FROM generate_series(1, {count}) n
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO licenses ("Id", "UserId", "IssuingAuthority", "Number")
                SELECT gen_random_uuid(), "Id", 'Bench Board', 'B-' || substr(md5("Id"::text), 1, 8) FROM "AspNetUsers" WHERE "Email" LIKE 'bench%'
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO enrollments ("Id", "UserId", "CourseId", "CourseVersionId", "EnrolledAt", "LastActivityAt", "ReadingCompletedAt")
                SELECT gen_random_uuid(), "Id", 'sample-course', {versionId}, now() - interval '1 day', now(), now() FROM "AspNetUsers" WHERE "Email" LIKE 'bench%'
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO credit_claims ("Id", "EnrollmentId", "UserId", "CourseVersionId", "CreditTypeId", "Amount", "AttestedAt")
                SELECT gen_random_uuid(), e."Id", e."UserId", e."CourseVersionId", 'naadac', 0.25, now() FROM enrollments e
                """);
        }
        Console.WriteLine($"seeded {count} claims in {seed.Elapsed.TotalSeconds:0.0} s (not measured)");

        // (1) Issue every claim through the job system and wait for the certificates.
        List<Guid> claimIds;
        using (var scope = app.Services.CreateScope())
        {
            claimIds = await scope.ServiceProvider.GetRequiredService<AppDbContext>().CreditClaims.Select(c => c.Id).ToListAsync();
        }
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();
        var issuing = Stopwatch.StartNew();
        // Bulk issuing is batched: one job per worker, each with its share of the claim ids.
        var workerCount = int.Parse(workers, CultureInfo.InvariantCulture);
        foreach (var chunk in claimIds.Chunk((claimIds.Count + workerCount - 1) / workerCount).SelectMany(c => c.Chunk(IssueClaimsBatchJob.MaxBatch)))
        {
            jobs.Enqueue<IssueClaimsBatchJob>(j => j.RunAsync(chunk, CancellationToken.None));
        }
        var enqueued = issuing.Elapsed;
        int issued = 0, signed = 0;
        while (issuing.Elapsed < TimeSpan.FromMinutes(10))
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            issued = await db.Certificates.CountAsync();
            if (issued >= count)
            {
                signed = await db.Certificates.CountAsync(c => c.CredentialJwt != null);
                break;
            }
            await Task.Delay(200);
        }
        issuing.Stop();
        var awards = 0;
        using (var scope = app.Services.CreateScope())
        {
            awards = await scope.ServiceProvider.GetRequiredService<AppDbContext>().CreditAwards.CountAsync();
        }
        Console.WriteLine($"issued {issued} certificates ({signed} signed VC-JWTs, {awards} awards) in {issuing.Elapsed.TotalSeconds:0.0} s " +
            $"(enqueueing took {enqueued.TotalSeconds:0.0} s): {issued / issuing.Elapsed.TotalSeconds:0} per second");

        // (2) Verification API vs the plain endpoint, with wrk on loopback.
        List<string> codes;
        using (var scope = app.Services.CreateScope())
        {
            codes = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Certificates.Select(c => c.VerificationCode).Take(2000).ToListAsync();
        }
        var lua = Path.Combine(Path.GetTempPath(), $"rt-verify-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(lua, "local codes = {" + string.Join(",", codes.Select(c => $"\"{c}\"")) + "}\n" +
            "local i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(\"GET\", \"/api/v1/verifications/\" .. codes[(i % #codes) + 1])\nend\n");
        var plain = Wrk($"-t2 -c64 -d{seconds}s --latency {baseUrl}/health/live");
        var verify = Wrk($"-t2 -c64 -d{seconds}s --latency -s {lua} {baseUrl}/");
        File.Delete(lua);
        Console.WriteLine($"plain endpoint  : {plain.Rps:0} req/s, p99 {plain.P99}");
        Console.WriteLine($"verification API: {verify.Rps:0} req/s, p99 {verify.P99}, non-2xx {verify.Errors}");
        Console.WriteLine($"ratio           : {verify.Rps / plain.Rps:P0} of the plain endpoint (target >= 30%)");

        var report = $"""
            ## Certificates: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC

            | | |
            |---|---|
            | machine | {Environment.ProcessorCount} cores; load average before: {File.ReadAllText("/proc/loadavg").Trim()} |
            | issuing | {issued:N0} certificates with signed ES256 VC-JWTs ({awards:N0} awards) through `IssueClaimsBatchJob` (one job per worker), {workers} Hangfire workers: **{issuing.Elapsed.TotalSeconds:0.0} s** ({issued / issuing.Elapsed.TotalSeconds:0}/s; target: 10,000 in under 60 s) |
            | plain endpoint `/health/live` | {plain.Rps:N0} req/s, p99 {plain.P99} (wrk -t2 -c64 -d{seconds}s) |
            | `GET /api/v1/verifications/(code)` | {verify.Rps:N0} req/s, p99 {verify.P99}, non-2xx {verify.Errors} (2,000 codes in rotation) |
            | **ratio** | **{verify.Rps / plain.Rps:P0}** of the plain endpoint (target: at least 30%) |

            """;
        var results = Path.Combine(RepoPaths.Root, "bench", "certificates-results.md");
        await File.WriteAllTextAsync(results, "# Benchmark: certificates\n\nWritten by `bench/certificates.sh`; the newest run replaces this file.\n\n" + report);
        Console.WriteLine($"results written to {results}");
        return 0;
    }

    private static (double Rps, string P99, int Errors) Wrk(string arguments)
    {
        var start = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var p99 = Regex.Match(output, @"99%\s+([\d.]+\w+)").Groups[1].Value;
        var errors = Regex.Match(output, @"Non-2xx or 3xx responses:\s+(\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (rps, p99, errors);
    }
}

internal sealed class BenchFactory(string connectionString, int smtpPort, string workers) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Email:Port", smtpPort.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Courses:ContentPath", Path.Combine(RepoPaths.Root, "tests", "fixtures", "content"));
        builder.UseSetting("BackgroundJobs:WorkerCount", workers);
        builder.UseSetting("BackgroundJobs:QueuePollIntervalMs", "100");
        builder.UseSetting("Verification:PublicPerMinute", "1000000");
        builder.UseSetting("Credentials:PublicBaseUrl", "http://localhost");
        builder.UseSetting("AllowedHosts", "*");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
