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
