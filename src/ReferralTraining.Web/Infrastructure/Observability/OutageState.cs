using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>
/// What this process knows about the database being away: since when, how many requests it refused, how many log
/// entries about it were held back. Has no dependencies, so the logging pipeline and the EF execution strategy can
/// both read it without a cycle through the logger factory.
/// </summary>
public sealed class OutageState
{
    private long downSince; // Stopwatch timestamp; 0 while the database is believed reachable
    private long refused;
    private long withheld;
    private string? reason;
    private readonly SemaphoreSlim wake = new(0, 1);

    public bool IsDown => Interlocked.Read(ref downSince) != 0;

    public long RefusedRequests => Interlocked.Read(ref refused);

    /// <summary>How long the current outage has lasted (zero when there is none).</summary>
    public TimeSpan DownFor => Interlocked.Read(ref downSince) is var since and not 0 ? Stopwatch.GetElapsedTime(since) : TimeSpan.Zero;

    /// <summary>True when an exception means the database (not a query) failed: connection refused or broken,
    /// timeouts, a server shutting down or out of connections. Serialization failures and deadlocks are not outages.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RetryLimitExceededException:
                    return true;
                case PostgresException p:
                    return p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || p.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case NpgsqlException n when n.IsTransient:
                    return true;
                case AggregateException a when a.InnerExceptions.Any(IsOutage):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Records a failure; returns true for the one that opened the outage (the caller of that one logs it).</summary>
    internal bool MarkDown(Exception exception) => MarkDown(Describe(exception));

    internal bool MarkDown(string why)
    {
        if (Interlocked.CompareExchange(ref downSince, Stopwatch.GetTimestamp(), 0) != 0)
        {
            return false;
        }
        reason = why;
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
        return true;
    }

    internal void CountRefused() => Interlocked.Increment(ref refused);

    internal void CountWithheld() => Interlocked.Increment(ref withheld);

    internal string? Reason => reason;

    internal Task WaitForOutageAsync(CancellationToken ct) => wake.WaitAsync(ct);

    /// <summary>Ends the outage: how long it lasted and what was counted during it.</summary>
    internal (TimeSpan Duration, long Refused, long Withheld) MarkUp()
    {
        var since = Interlocked.Exchange(ref downSince, 0);
        return (Stopwatch.GetElapsedTime(since), Interlocked.Exchange(ref refused, 0), Interlocked.Exchange(ref withheld, 0));
    }

    private static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }
        return $"{innermost.GetType().Name}: {innermost.Message}";
    }
}
