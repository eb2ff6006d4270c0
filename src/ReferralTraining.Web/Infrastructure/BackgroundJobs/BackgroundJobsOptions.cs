using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Infrastructure.BackgroundJobs;

public sealed class BackgroundJobsOptions
{
    public const string Section = "BackgroundJobs";

    /// <summary>Run the Hangfire server in this process. Off for web-only instances; the same app is the worker.</summary>
    public bool ServerEnabled { get; set; } = true;

    [Range(1, 64)]
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often idle workers look for new jobs. Hangfire.PostgreSql's 15 s default is far too slow for e-mail.</summary>
    [Range(50, 60_000)]
    public int QueuePollIntervalMs { get; set; } = 500;

    /// <summary>
    /// How long a fetched job stays invisible to other servers without a keep-alive. The timeout slides while the job
    /// runs (a keep-alive every fifth of it), so this only bounds how soon a job whose process died (kill -9, OOM, lost
    /// node) runs again elsewhere. Hangfire.PostgreSql's default is 30 minutes (ADR-016).
    /// </summary>
    [Range(5, 3600)]
    public int InvisibilityTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Age after which a Hangfire lock row is taken to be left by a dead process and removed by the next server that
    /// wants it. Hangfire's own locks are held for milliseconds; the library's default is 10 minutes (ADR-016).
    /// </summary>
    [Range(5, 3600)]
    public int DistributedLockTimeoutSeconds { get; set; } = 60;

    /// <summary>How often each job server records that it is alive.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>
    /// A server with no heartbeat for this long is dead: /health/ready stops counting it and other servers remove it.
    /// </summary>
    [Range(3, 3600)]
    public int ServerTimeoutSeconds { get; set; } = 30;

    /// <summary>Schedule of the e-mail and certificate sweeps (Hangfire cron; six fields for seconds).</summary>
    public string SweepCron { get; set; } = "* * * * *";

    public string DashboardPath { get; set; } = "/admin/jobs";
}
