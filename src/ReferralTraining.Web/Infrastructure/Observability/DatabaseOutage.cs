using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>
/// One warning when the database goes away, one when it is back (with the duration, the requests refused with 503 and
/// the log entries held back), instead of a line per failed request or job. While it is away this probes it once a
/// second with its own connection (not the pool, whose connections died with the server).
/// </summary>
public sealed class DatabaseOutage(OutageState state, IConfiguration configuration, ILogger<DatabaseOutage> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Postgres")) { Pooling = false, Timeout = 3 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await state.WaitForOutageAsync(stoppingToken);
                if (!state.IsDown)
                {
                    continue;
                }
                // Announced here, whichever failure opened it (a refused request or a withheld log entry).
                logger.LogWarning("Database unreachable ({Reason}): requests that need it are answered 503 with Retry-After until it is back",
                    state.Reason);
                while (!await ReachableAsync(probe, stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                // Pooled connections died with the server (or the route to it): start from fresh ones, so the first
                // requests after recovery do not fail on a dead socket and open a second outage.
                NpgsqlConnection.ClearAllPools();
                var (duration, refused, withheld) = state.MarkUp();
                logger.LogWarning("Database reachable again after {OutageSeconds:0.0} s; {RefusedRequests} request(s) refused with 503, {WithheldLogEntries} log entries about the outage held back",
                    duration.TotalSeconds, refused, withheld);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task<bool> ReachableAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException)
        {
            return false;
        }
    }
}
