using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ReferralTraining.Web.Infrastructure.Observability;

/// <summary>
/// Wraps a logger provider: an entry whose exception is a database outage opens the outage (one warning from
/// <see cref="DatabaseOutage"/>) and is counted instead of written, so a 15-second outage is two lines, not hundreds
/// from every worker, poller and request.
/// </summary>
// It stands in for the console provider, so it answers to the console's alias: "Logging:Console:LogLevel" settings and
// filters on "Console" apply to it as they would to the provider it wraps.
[ProviderAlias("Console")]
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
