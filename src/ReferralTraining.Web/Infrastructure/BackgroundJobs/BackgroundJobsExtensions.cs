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

public static class BackgroundJobsExtensions
{
    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackgroundJobsOptions>().BindConfiguration(BackgroundJobsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.DashboardPath.StartsWith("/admin/", StringComparison.Ordinal), "BackgroundJobs:DashboardPath must be under /admin/.")
            .Validate(o => o.ServerTimeoutSeconds >= 3 * o.HeartbeatSeconds, "BackgroundJobs:ServerTimeoutSeconds must be at least three heartbeats (BackgroundJobs:HeartbeatSeconds).")
            .ValidateOnStart();
        var jobOptions = builder.Configuration.GetSection(BackgroundJobsOptions.Section).Get<BackgroundJobsOptions>() ?? new BackgroundJobsOptions();
        var connectionString = builder.Configuration.GetConnectionString("Postgres")!;

        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromMilliseconds(jobOptions.QueuePollIntervalMs),
            // Without this, a job running longer than the invisibility timeout is picked up twice (#130, #352).
            UseSlidingInvisibilityTimeout = true,
            // A job held by a process that died is handed to another worker after this (not the 30-minute default).
            InvisibilityTimeout = TimeSpan.FromSeconds(jobOptions.InvisibilityTimeoutSeconds),
            // A lock left by a process that died is removed after this (not the 10-minute default): ADR-016.
            DistributedLockTimeout = TimeSpan.FromSeconds(jobOptions.DistributedLockTimeoutSeconds),
        };

        // Storage and activator are per-host singletons, registered before AddHangfire: Hangfire's statics
        // (JobStorage.Current, JobActivator.Current) would otherwise let one host run jobs against another
        // host's database when several hosts share a process (as test hosts do).
        builder.Services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        // Per host, like storage: jobs succeeded/failed per job for /metrics (a global filter would count other hosts' jobs).
        builder.Services.AddSingleton<IJobFilterProvider>(sp => new JobFilterProviderCollection(
            JobFilterProviders.Providers, new JobFilterCollection { new JobMetricsFilter(sp.GetRequiredService<Observability.AppMetrics>()) }));
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        // No UseActivator/UseStorage here: they set process-wide statics, and a second host disposing its
        // services would then break this host's workers. The server takes both from this host's DI.

        var identity = new JobServerIdentity(jobOptions.ServerEnabled, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        if (jobOptions.ServerEnabled)
        {
            builder.Services.AddHangfireServer((sp, server) =>
            {
                server.WorkerCount = jobOptions.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                server.ServerName = identity.Name;
                // Deliberate (ADR-016): a dead server is noticed within ServerTimeout, not Hangfire's 5 minutes.
                server.HeartbeatInterval = TimeSpan.FromSeconds(jobOptions.HeartbeatSeconds);
                server.ServerTimeout = TimeSpan.FromSeconds(jobOptions.ServerTimeoutSeconds);
                server.ServerCheckInterval = TimeSpan.FromSeconds(Math.Max(1, jobOptions.ServerTimeoutSeconds / 2));
            });
            builder.Services.AddHostedService<RecurringJobsRegistration>();
            builder.Services.AddHostedService<StuckJobMonitor>();
        }
        builder.Services.AddSingleton(identity);
        builder.Services.AddHealthChecks().AddCheck<JobServersHealthCheck>("jobs");
        return builder;
    }

    public static WebApplication MapBackgroundJobsDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BackgroundJobsOptions>>().Value;
        app.UseHangfireDashboard(options.DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminOnlyDashboardFilter()],
            AppPath = "/admin",
            DisplayStorageConnectionString = false,
            DashboardTitle = "ReferralTraining jobs",
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin) && TwoFactorRules.PassedSecondFactor(user);
        }
    }
}

/// <summary>Registers recurring jobs with explicit ids once the host has started.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring, IOptions<BackgroundJobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sweep = options.Value.SweepCron;
        recurring.AddOrUpdate<SweepEmailsJob>(SweepEmailsJob.RecurringId, job => job.RunAsync(), sweep);
        recurring.AddOrUpdate<Features.Certificates.SweepClaimsJob>(Features.Certificates.SweepClaimsJob.RecurringId, job => job.RunAsync(), sweep);
        // Every 15 minutes, so a reminder held back by quiet hours goes out soon after they end.
        recurring.AddOrUpdate<Features.Organizations.ReminderJob>(Features.Organizations.ReminderJob.RecurringId, job => job.RunAsync(), "*/15 * * * *");
        recurring.AddOrUpdate<Features.PracticeChange.FollowUpJob>(Features.PracticeChange.FollowUpJob.RecurringId, job => job.RunAsync(), "*/15 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
