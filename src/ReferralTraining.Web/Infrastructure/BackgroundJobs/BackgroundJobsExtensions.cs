using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.AspNetCore;
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
    /// How long a fetched job stays invisible to other servers without a heartbeat. The timeout slides while the job
    /// runs, so this only bounds how soon a job whose process died (kill -9, OOM, lost node) runs again elsewhere.
    /// Hangfire.PostgreSql's default is 30 minutes.
    /// </summary>
    [Range(5, 3600)]
    public int InvisibilityTimeoutSeconds { get; set; } = 300;

    public string DashboardPath { get; set; } = "/admin/jobs";
}

public static class BackgroundJobsExtensions
{
    public static WebApplicationBuilder AddBackgroundJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackgroundJobsOptions>().BindConfiguration(BackgroundJobsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.DashboardPath.StartsWith("/admin/", StringComparison.Ordinal), "BackgroundJobs:DashboardPath must be under /admin/.")
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
        };

        // Storage and activator are per-host singletons, registered before AddHangfire: Hangfire's statics
        // (JobStorage.Current, JobActivator.Current) would otherwise let one host run jobs against another
        // host's database when several hosts share a process (as test hosts do).
        builder.Services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        // No UseActivator/UseStorage here: they set process-wide statics, and a second host disposing its
        // services would then break this host's workers. The server takes both from this host's DI.

        if (jobOptions.ServerEnabled)
        {
            builder.Services.AddHangfireServer((sp, server) =>
            {
                server.WorkerCount = jobOptions.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
            });
            builder.Services.AddHostedService<RecurringJobsRegistration>();
        }
        builder.Services.AddHealthChecks().AddCheck<JobStorageHealthCheck>("jobs");
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
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<SweepEmailsJob>(SweepEmailsJob.RecurringId, job => job.RunAsync(), Cron.Minutely());
        recurring.AddOrUpdate<Features.Certificates.SweepClaimsJob>(Features.Certificates.SweepClaimsJob.RecurringId, job => job.RunAsync(), Cron.Minutely());
        // Every 15 minutes, so a reminder held back by quiet hours goes out soon after they end.
        recurring.AddOrUpdate<Features.Organizations.ReminderJob>(Features.Organizations.ReminderJob.RecurringId, job => job.RunAsync(), "*/15 * * * *");
        recurring.AddOrUpdate<Features.PracticeChange.FollowUpJob>(Features.PracticeChange.FollowUpJob.RecurringId, job => job.RunAsync(), "*/15 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers().Count;
            return Task.FromResult(HealthCheckResult.Healthy($"{servers} job server(s) registered"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Job storage is unreachable", ex));
        }
    }
}
