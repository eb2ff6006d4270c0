using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Infrastructure.Observability;

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
