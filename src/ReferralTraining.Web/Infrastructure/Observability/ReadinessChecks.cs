using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Infrastructure.Observability;

// Readiness checks (README, Operations). Unhealthy (503) only where this instance cannot serve people correctly;
// Degraded (200) where it can, but someone should look. No check restarts anything: /health/live does that.

/// <summary>Unhealthy while migrations are pending: this build expects tables the database does not have yet.</summary>
internal sealed class MigrationsHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("all migrations applied")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, the last {pending[^1]}: start one instance with Database:MigrateOnStartup=true");
    }
}

/// <summary>Unhealthy when no course is published (an empty catalog); Degraded when content has errors.</summary>
internal sealed class ContentHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var courses = await db.Courses.CountAsync(cancellationToken);
        if (courses == 0)
        {
            return HealthCheckResult.Unhealthy("no course is published: check Courses:ContentPath and the start-up log");
        }
        var files = await db.ContentIssues.Select(i => i.File).Distinct().CountAsync(cancellationToken);
        return files == 0
            ? HealthCheckResult.Healthy($"{courses} course(s) published")
            : HealthCheckResult.Degraded($"{courses} course(s) published; content errors in {files} file(s) (the previous version stays live): see /admin/content");
    }
}

/// <summary>Degraded when the oldest unsent e-mail is older than the limit: mail is not flowing (SMTP down, jobs stuck).</summary>
internal sealed class OutboxHealthCheck(IServiceScopeFactory scopes, TimeProvider clock, IOptions<OperationsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (waiting, oldest) = await OutboxLag.ReadAsync(scopes, clock, cancellationToken);
        var limit = options.Value.OutboxLagLimitSeconds;
        var description = $"{waiting} e-mail(s) waiting, the oldest {oldest.TotalSeconds:0} s (limit {limit} s)";
        return oldest.TotalSeconds <= limit ? HealthCheckResult.Healthy(description) : HealthCheckResult.Degraded(description);
    }
}
