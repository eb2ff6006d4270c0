// Follow-up scheduler benchmark (not a test): N due follow-ups seeded set-wise, then the recurring job's pass
// timed at several batch sizes, with the process's peak managed heap and working set sampled during each pass.
// Mail goes to a pickup folder (Email:PickupDirectory), not SMTP. Usage: see bench/follow-ups.sh.
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates.Credentials;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.FollowUpBenchmarks;

internal static class FollowUpBench
{
    public static async Task<int> Main()
    {
        var connection = Environment.GetEnvironmentVariable("RT_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set RT_BENCH_POSTGRES (bench/follow-ups.sh does).");
        var count = int.Parse(Environment.GetEnvironmentVariable("RT_BENCH_FOLLOW_UPS") ?? "100000", CultureInfo.InvariantCulture);
        var batchSizes = (Environment.GetEnvironmentVariable("RT_BENCH_BATCH_SIZES") ?? "250,1000,4000").Split(',').Select(int.Parse).ToArray();
        var pickup = Path.Combine(Path.GetTempPath(), $"rt-pickup-{Guid.NewGuid():N}");

        await using var app = new BenchFactory(connection, pickup);
        app.UseKestrel(0);
        app.StartServer();
        using (var scope = app.Services.CreateScope())
        {
            var publisher = scope.ServiceProvider.GetRequiredService<ContentPublisher>();
            await publisher.PublishAsync(publisher.ContentRoot, CancellationToken.None);
        }

        var seed = Stopwatch.StartNew();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Database.SetCommandTimeout(600);
            var versionId = await db.Courses.Where(c => c.Id == "sample-course").Select(c => c.CurrentVersionId).SingleAsync();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PhoneNumberConfirmed",
                    "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "GivenName", "FamilyName", "Profession", "TimeZoneId", "CreatedAt", "SecurityStamp")
                SELECT gen_random_uuid(), 'fu' || n || '@bench.example', 'FU' || n || '@BENCH.EXAMPLE', 'fu' || n || '@bench.example', 'FU' || n || '@BENCH.EXAMPLE',
                    true, false, false, true, 0, 'Bench', 'Learner ' || n, 'Counselor', 'America/Chicago', now(), md5(n::text)
                FROM generate_series(1, {count}) n
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO enrollments ("Id", "UserId", "CourseId", "CourseVersionId", "EnrolledAt", "ReadingCompletedAt")
                SELECT gen_random_uuid(), "Id", 'sample-course', {versionId}, now() - interval '40 days', now() - interval '31 days'
                FROM "AspNetUsers" WHERE "Email" LIKE 'fu%@bench.example'
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO commitments ("Id", "EnrollmentId", "UserId", "CourseId", "CourseVersionId", "Number", "PracticeId", "Text", "ExpectedPatients", "Confidence", "CreatedAt")
                SELECT gen_random_uuid(), "Id", "UserId", 'sample-course', {versionId}, k, CASE k WHEN 1 THEN 'first-practice' ELSE 'second-practice' END,
                    'Benchmark commitment number ' || k, 3, 4, now() - interval '30 days'
                FROM enrollments, generate_series(1, 2) k WHERE "CourseId" = 'sample-course'
                """);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO follow_ups ("Id", "EnrollmentId", "UserId", "CourseId", "CourseVersionId", "OffsetDays", "Sequence", "IsFinal", "CompletedCourseAt", "DueAt", "EditableUntil")
                SELECT gen_random_uuid(), "Id", "UserId", 'sample-course', {versionId}, 30, 0, false, now() - interval '30 days', now() - interval '1 hour', now() + interval '59 days'
                FROM enrollments WHERE "CourseId" = 'sample-course'
                """);
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }
        Console.WriteLine($"seeded {count:N0} due follow-ups (2 commitments each) in {seed.Elapsed.TotalSeconds:0.0} s");

        var rows = new List<string>();
        foreach (var batch in batchSizes)
        {
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Database.SetCommandTimeout(600);
                // Reset so every pass sends the same N nudges.
                await db.Database.ExecuteSqlRawAsync("""
                    UPDATE follow_ups SET "NudgedAt" = NULL, "ReminderSentAt" = NULL;
                    DELETE FROM nudge_days; DELETE FROM follow_up_tokens; DELETE FROM notifications; DELETE FROM outbound_emails;
                    """);
            }
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            using var sampler = new Sampler();
            var watch = Stopwatch.StartNew();
            FollowUpJob.RunResult result;
            using (var scope = app.Services.CreateScope())
            {
                var sp = scope.ServiceProvider;
                var job = new FollowUpJob(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<PracticeChangeService>(), sp.GetRequiredService<EmailService>(),
                    sp.GetRequiredService<ReferralTraining.Web.Features.Organizations.NotificationService>(), TimeProvider.System, sp.GetRequiredService<IDataProtectionProvider>(),
                    Options.Create(new PracticeChangeOptions { BatchSize = batch, QuietHoursStart = 0, QuietHoursEnd = 0 }),
                    sp.GetRequiredService<IOptions<CredentialsOptions>>(), NullLogger<FollowUpJob>.Instance);
                sp.GetRequiredService<AppDbContext>().Database.SetCommandTimeout(600);
                result = await job.RunAsync(CancellationToken.None);
            }
            watch.Stop();
            var (peakHeap, peakWorkingSet) = sampler.Stop();
            var line = $"| {batch:N0} | {result.Nudges:N0} | {result.Emails:N0} | {result.Batches:N0} | {watch.Elapsed.TotalSeconds:0.0} | {result.Nudges / watch.Elapsed.TotalSeconds:N0} | {(peakHeap - baseline) / 1048576.0:0} | {peakWorkingSet / 1048576.0:0} |";
            Console.WriteLine(line);
            rows.Add(line);
        }

        var report = new List<string>
        {
            $"## Follow-up scheduler, {DateTime.UtcNow:yyyy-MM-dd} on {Environment.MachineName} ({Environment.ProcessorCount} cores)",
            "",
            $"{count:N0} follow-ups due at once (each with 2 commitments, one person each); one pass of the recurring job records every nudge, link token,",
            "notification and e-mail (outbox) in one transaction per batch; the e-mails are delivered by Hangfire batch jobs to a pickup folder.",
            "Target: under 60 s, memory flat in batch size. Peak heap is the managed heap above the pre-pass baseline; working set is the whole process.",
            "",
            "| batch size (people) | nudges | e-mails | batches | seconds | nudges/s | peak heap MB | peak working set MB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        report.AddRange(rows);
        var output = Path.Combine(RepoPaths.Root, "bench", "results", $"follow-ups-{DateTime.UtcNow:yyyy-MM-dd}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllLinesAsync(output, report);
        Console.WriteLine($"wrote {output}");
        try
        {
            Directory.Delete(pickup, recursive: true);
        }
        catch (IOException)
        {
            // Delivery jobs may still be writing; the folder is in /tmp.
        }
        return 0;
    }
}

/// <summary>Samples the managed heap and working set every 20 ms while a pass runs.</summary>
internal sealed class Sampler : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private long heap;
    private long workingSet;

    public Sampler() => loop = Task.Run(async () =>
    {
        using var process = Process.GetCurrentProcess();
        while (!stop.IsCancellationRequested)
        {
            heap = Math.Max(heap, GC.GetTotalMemory(false));
            process.Refresh();
            workingSet = Math.Max(workingSet, process.WorkingSet64);
            try
            {
                await Task.Delay(20, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    });

    public (long Heap, long WorkingSet) Stop()
    {
        stop.Cancel();
        loop.Wait();
        return (heap, workingSet);
    }

    public void Dispose() => stop.Dispose();
}

internal sealed class BenchFactory(string connectionString, string pickup) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Email:PickupDirectory", pickup);
        builder.UseSetting("Courses:ContentPath", Path.Combine(RepoPaths.Root, "tests", "fixtures", "content"));
        builder.UseSetting("BackgroundJobs:WorkerCount", "1");
        builder.UseSetting("Credentials:PublicBaseUrl", "http://localhost");
        builder.UseSetting("AllowedHosts", "*");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
