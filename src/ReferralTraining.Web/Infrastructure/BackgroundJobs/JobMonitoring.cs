using System.Data.Common;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Observability;

namespace ReferralTraining.Web.Infrastructure.BackgroundJobs;

/// <summary>This process's job server, if it runs one (its Hangfire server id starts with the name).</summary>
public sealed record JobServerIdentity(bool Enabled, string Name);

/// <summary>Counts job runs per job ("EmailSendBatchJob.SendAsync") for /metrics.</summary>
internal sealed class JobMetricsFilter(AppMetrics metrics) : IServerFilter
{
    public void OnPerforming(PerformingContext context)
    {
    }

    public void OnPerformed(PerformedContext context) =>
        metrics.JobFinished(JobName(context.BackgroundJob.Job), context.Exception is null || context.ExceptionHandled);

    internal static string JobName(Job? job) => job is null ? "unknown" : $"{job.Type.Name}.{job.Method.Name}";
}

internal static class HangfireSql
{
    // Hangfire.PostgreSql writes heartbeats and fetch times with now() (timestamptz) and lock times from the
    // client's UTC clock into a column without a time zone: each age is computed on its own terms.
    public static async Task<List<T>> QueryAsync<T>(AppDbContext db, string sql, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(read(reader));
            }
            return rows;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>"SendEmailBatchJob.SendAsync" from Hangfire's stored invocation data (compact or full form).</summary>
    public const string JobNameSql = """
        regexp_replace(coalesce(j.invocationdata::jsonb->>'t', j.invocationdata::jsonb->>'Type', '?'), '^([^,]*\.)?([^.,]+)(,.*)?$', '\2')
        || '.' || coalesce(j.invocationdata::jsonb->>'m', j.invocationdata::jsonb->>'Method', '?')
        """;
}

/// <summary>
/// /health/ready "jobs": Unhealthy when no job server anywhere has a heartbeat younger than
/// BackgroundJobs:ServerTimeoutSeconds (certificates, e-mail and reminders have stopped for everyone); Degraded when
/// this instance should run one and its own is silent while others work.
/// </summary>
internal sealed class JobServersHealthCheck(IServiceScopeFactory scopes, IOptions<BackgroundJobsOptions> options, JobServerIdentity identity) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var servers = await HangfireSql.QueryAsync(db, "SELECT id, EXTRACT(EPOCH FROM now() - lastheartbeat)::float8 FROM hangfire.server",
            r => (Id: r.GetString(0), Age: r.GetDouble(1)), cancellationToken);
        var limit = options.Value.ServerTimeoutSeconds;
        var alive = servers.Where(s => s.Age <= limit).ToList();
        if (alive.Count == 0)
        {
            var newest = servers.Count == 0 ? "none registered" : $"the newest heartbeat {servers.Min(s => s.Age):0} s ago";
            return HealthCheckResult.Unhealthy(
                $"no job server has a heartbeat in the last {limit} s ({newest}): certificates, e-mail and reminders are not processed; run an instance with BackgroundJobs:ServerEnabled=true");
        }
        if (identity.Enabled && !alive.Any(s => s.Id.StartsWith(identity.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return HealthCheckResult.Degraded($"this instance's job server has no heartbeat in the last {limit} s; {alive.Count} other server(s) take the work");
        }
        return HealthCheckResult.Healthy($"{alive.Count} job server(s) with a heartbeat in the last {limit} s");
    }
}

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
