using System.Data.Common;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Observability;

namespace ReferralTraining.Web.Infrastructure.BackgroundJobs;

/// <summary>
/// Names, once, work left behind by a process that died: a fetched job no longer kept alive (it runs again after the
/// invisibility timeout) and a Hangfire lock held far longer than any live holder keeps one (removed after the
/// distributed-lock timeout). Both recover by themselves (ADR-016); the warning says what and when.
/// </summary>
internal sealed class StuckJobMonitor(IServiceScopeFactory scopes, IOptions<BackgroundJobsOptions> options, ILogger<StuckJobMonitor> logger) : BackgroundService
{
    private readonly HashSet<string> reported = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var period = TimeSpan.FromSeconds(Math.Max(1, settings.HeartbeatSeconds));
        // A running job is kept alive every fifth of the invisibility timeout: missing two and a half keep-alives means
        // its process is gone. Hangfire holds its own locks for milliseconds; a lock this old was left by a dead holder.
        var orphanAfter = Math.Max(2, settings.InvisibilityTimeoutSeconds / 2);
        var lockAfter = Math.Max(2, Math.Min(15, settings.DistributedLockTimeoutSeconds / 2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, stoppingToken);
                await CheckAsync(settings, orphanAfter, lockAfter, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (OutageState.IsOutage(ex))
            {
                // A database outage is reported once by DatabaseOutage.
            }
        }
    }

    private async Task CheckAsync(BackgroundJobsOptions settings, int orphanAfter, int lockAfter, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var orphans = await HangfireSql.QueryAsync(db, $"""
            SELECT q.jobid::bigint, {HangfireSql.JobNameSql}, EXTRACT(EPOCH FROM now() - q.fetchedat)::float8, q.fetchedat::text
            FROM hangfire.jobqueue q JOIN hangfire.job j ON j.id = q.jobid
            WHERE q.fetchedat < now() - make_interval(secs => {orphanAfter})
            """, r => (JobId: r.GetInt64(0), Job: r.GetString(1), Age: r.GetDouble(2), Key: $"job:{r.GetInt64(0)}:{r.GetString(3)}"), ct);
        var locks = await HangfireSql.QueryAsync(db, $"""
            SELECT l.resource, EXTRACT(EPOCH FROM (now() AT TIME ZONE 'utc') - l.acquired)::float8, l.acquired::text,
                   (SELECT {HangfireSql.JobNameSql} FROM hangfire.job j WHERE j.id::text = substring(l.resource from 'job:([0-9]+)'))
            FROM hangfire.lock l
            WHERE l.acquired < (now() AT TIME ZONE 'utc') - make_interval(secs => {lockAfter})
            """, r => (Resource: r.GetString(0), Age: r.GetDouble(1), Key: $"lock:{r.GetString(0)}:{r.GetString(2)}", Job: r.IsDBNull(3) ? null : r.GetString(3)), ct);

        var current = new HashSet<string>();
        foreach (var orphan in orphans)
        {
            current.Add(orphan.Key);
            if (reported.Add(orphan.Key))
            {
                logger.LogWarning("Job {JobId} ({Job}) is orphaned: fetched {AgeSeconds:0} s ago and no longer kept alive, so the process running it stopped; it runs again at most {InvisibilityTimeoutSeconds} s after its last keep-alive",
                    orphan.JobId, orphan.Job, orphan.Age, settings.InvisibilityTimeoutSeconds);
            }
        }
        foreach (var stuck in locks)
        {
            current.Add(stuck.Key);
            if (reported.Add(stuck.Key))
            {
                logger.LogWarning("Lock {LockResource} ({Job}) has been held for {AgeSeconds:0} s, far longer than a live holder keeps it, so its holder likely died; it is removed {DistributedLockTimeoutSeconds} s after it was taken",
                    stuck.Resource, stuck.Job ?? "no job", stuck.Age, settings.DistributedLockTimeoutSeconds);
            }
        }
        reported.IntersectWith(current); // forget what has recovered, so the set stays small
    }
}
