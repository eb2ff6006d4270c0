using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Infrastructure.Observability;

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
