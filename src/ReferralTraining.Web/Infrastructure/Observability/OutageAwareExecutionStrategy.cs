using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>
/// EF Core's Npgsql retrying strategy with short delays (about 3 s in all), which stops retrying once the database has
/// been away for longer than that: a restart of a second or two is absorbed, a longer outage answers 503 at once
/// instead of holding every request for seconds.
/// </summary>
internal sealed class OutageAwareExecutionStrategy(ExecutionStrategyDependencies dependencies, OutageState state)
    : Npgsql.EntityFrameworkCore.PostgreSQL.NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(2), errorCodesToAdd: null)
{
    private static readonly TimeSpan KeepRetryingFor = TimeSpan.FromSeconds(3);

    protected override bool ShouldRetryOn(Exception? exception) => state.DownFor < KeepRetryingFor && base.ShouldRetryOn(exception);
}
