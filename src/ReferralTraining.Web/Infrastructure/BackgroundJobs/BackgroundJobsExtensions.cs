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
