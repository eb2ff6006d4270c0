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
