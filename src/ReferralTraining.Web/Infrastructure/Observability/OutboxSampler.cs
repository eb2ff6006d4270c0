using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>Refreshes the outbox gauges every few seconds (a scrape never waits for the database).</summary>
internal sealed class OutboxSampler(IServiceScopeFactory scopes, AppMetrics metrics, TimeProvider clock, IOptions<OperationsOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.OutboxSampleSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (waiting, oldest) = await OutboxLag.ReadAsync(scopes, clock, stoppingToken);
                metrics.SetOutbox(waiting, oldest.TotalSeconds);
            }
            catch (Exception ex) when (OutageState.IsOutage(ex))
            {
                // The outage is reported once by DatabaseOutage; the gauges keep their last value.
            }
            try
            {
                await Task.Delay(period, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
