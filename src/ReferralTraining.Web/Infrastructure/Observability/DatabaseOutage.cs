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

/// <summary>
/// A request that failed because the database is away gets 503 with Retry-After (people: a short page that needs no
/// database; /api: RFC 7807), not a 500 and an error log. Called by UseExceptionHandler outside development and by
/// <see cref="DatabaseOutageMiddleware"/> everywhere.
/// </summary>
internal sealed class DatabaseOutageExceptionHandler(OutageState state, IOptions<OperationsOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!OutageState.IsOutage(exception) || context.Response.HasStarted)
        {
            return false;
        }
        state.MarkDown(exception);
        state.CountRefused();
        await WriteAsync(context, options.Value.RetryAfterSeconds, cancellationToken);
        return true;
    }

    internal static async Task WriteAsync(HttpContext context, int retryAfterSeconds, CancellationToken ct)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        // UseExceptionHandler has already pointed the request at its error path: the feature keeps the original one.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        if (new PathString(path).StartsWithSegments("/api"))
        {
            response.ContentType = "application/problem+json";
            await response.WriteAsync(
                "{\"type\":\"https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4\",\"title\":\"Service temporarily unavailable\",\"status\":503," +
                "\"detail\":\"The database is briefly unavailable. Retry after the number of seconds in the Retry-After header.\"}", ct);
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(UnavailablePage, ct);
    }

    // Static: rendering the layout could itself need the database.
    private const string UnavailablePage =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>Back in a moment · ReferralTraining</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>" +
        "<body><main id=\"main\" class=\"container\"><h1>Back in a moment</h1>" +
        "<p>ReferralTraining is briefly unavailable. Nothing you saved is lost. Please try again in a few seconds.</p>" +
        "<p><a href=\"\">Try again</a></p></main></body></html>";
}

/// <summary>Outermost middleware: the same 503 answer where no exception handler runs (development).</summary>
internal sealed class DatabaseOutageMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, DatabaseOutageExceptionHandler handler)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (OutageState.IsOutage(ex) && !context.Response.HasStarted)
        {
            await handler.TryHandleAsync(context, ex, context.RequestAborted);
        }
    }
}

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

/// <summary>
/// Wraps a logger provider: an entry whose exception is a database outage opens the outage (one warning from
/// <see cref="DatabaseOutage"/>) and is counted instead of written, so a 15-second outage is two lines, not hundreds
/// from every worker, poller and request.
/// </summary>
internal sealed class OutageAwareLoggerProvider(ILoggerProvider inner, OutageState state) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName == typeof(DatabaseOutage).FullName ? inner.CreateLogger(categoryName) : new Logger(inner.CreateLogger(categoryName), this, categoryName);

    // EF Core logs a failed connection (ConnectionError, 20004) and a failed command (CommandError, 20102) without the
    // exception attached; the exception itself still reaches the request (503) or the job (Hangfire), so these lines only
    // repeat it. A connection error is an outage signal; a command error is held back while an outage is open.
    private const string EfConnectionCategory = "Microsoft.EntityFrameworkCore.Database.Connection";
    private const string EfCommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    private bool WithholdEf(string category, EventId eventId, string message)
    {
        if (category == EfConnectionCategory && eventId.Id == 20004)
        {
            state.MarkDown(message);
            state.CountWithheld();
            return true;
        }
        if (category == EfCommandCategory && eventId.Id == 20102 && state.IsDown)
        {
            state.CountWithheld();
            return true;
        }
        return false;
    }

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope scoped)
        {
            scoped.SetScopeProvider(scopeProvider);
        }
    }

    public void Dispose() => inner.Dispose();

    private bool Withhold(Exception? exception)
    {
        if (exception is null || !OutageState.IsOutage(exception))
        {
            return false;
        }
        state.MarkDown(exception);
        state.CountWithheld();
        return true;
    }

    private sealed class Logger(ILogger inner, OutageAwareLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState scopeState) where TState : notnull => inner.BeginScope(scopeState);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState logState, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && (owner.Withhold(exception) || owner.WithholdEf(category, eventId, formatter(logState, exception))))
            {
                return;
            }
            inner.Log(logLevel, eventId, logState, exception, formatter);
        }
    }
}
