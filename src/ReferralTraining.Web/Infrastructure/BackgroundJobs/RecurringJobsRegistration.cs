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

/// <summary>Registers recurring jobs with explicit ids once the host has started.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring, IOptions<BackgroundJobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sweep = options.Value.SweepCron;
        recurring.AddOrUpdate<SweepEmailsJob>(SweepEmailsJob.RecurringId, job => job.RunAsync(CancellationToken.None), sweep);
        recurring.AddOrUpdate<Features.Certificates.SweepClaimsJob>(Features.Certificates.SweepClaimsJob.RecurringId, job => job.RunAsync(CancellationToken.None), sweep);
        // Every 15 minutes, so a reminder held back by quiet hours goes out soon after they end.
        recurring.AddOrUpdate<Features.Organizations.ReminderJob>(Features.Organizations.ReminderJob.RecurringId, job => job.RunAsync(CancellationToken.None), "*/15 * * * *");
        recurring.AddOrUpdate<Features.PracticeChange.FollowUpJob>(Features.PracticeChange.FollowUpJob.RecurringId, job => job.RunAsync(CancellationToken.None), "*/15 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
