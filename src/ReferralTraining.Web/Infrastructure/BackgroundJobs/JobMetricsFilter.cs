using System.Data.Common;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Observability;

namespace ReferralTraining.Web.Infrastructure.BackgroundJobs;

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
