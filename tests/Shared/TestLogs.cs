using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;

namespace ReferralTraining.Tests.Shared;

/// <summary>
/// Test hosts write Warning and above to the console (the CI log), and everything their configuration allows to
/// TestResults/logs/&lt;database&gt;.log, where a failed test's host can be read in full. RT_TEST_LOG_LEVEL=Information
/// puts the full stream on the console again, e.g. while running one test.
/// </summary>
public static class TestLogs
{
    public static string Folder => Path.Combine(RepoPaths.Root, "TestResults", "logs");

    private static readonly Lazy<ILoggerFactory> ProcessWide = new(() => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(LogLevel.Information);
        Configure(logging, "hangfire");
    }));

    /// <summary>
    /// Points Hangfire's process-wide log provider at a logger factory no host owns. Every host starting sets it to its
    /// own factory (Hangfire.AspNetCore's AddHangfire does), and once that host is disposed (a host whose start-up
    /// fails is disposed at once) every other host's workers fail on "Cannot access a disposed object: LoggerFactory"
    /// and pause for up to 16 s, long enough for a test waiting on a job to time out (seen here).
    /// </summary>
    public static void KeepHangfireLogOffHosts() =>
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(ProcessWide.Value));

    public static void Configure(ILoggingBuilder logging, string name)
    {
        var console = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("RT_TEST_LOG_LEVEL"), ignoreCase: true, out var level)
            ? level
            : LogLevel.Warning;
        // One plain line per entry instead of the app's JSON, and none of the data protection warning every reset
        // database brings (a new key ring, unencrypted: expected here).
        // The app's own console provider is wrapped (OutageAwareLoggerProvider) and answers to the alias "Console", so the
        // levels are set by that alias: filters on the ConsoleLoggerProvider type would miss it and let Information through.
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Simple);
        logging.Services.Configure<SimpleConsoleFormatterOptions>(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        logging.Services.Configure<LoggerFilterOptions>(o =>
        {
            o.Rules.Add(new LoggerFilterRule("Console", null, console, null));
            o.Rules.Add(new LoggerFilterRule("Console", "Microsoft.AspNetCore.DataProtection", LogLevel.Error, null));
        });
        logging.AddProvider(new FileLoggerProvider(Path.Combine(Folder, name + ".log")));
    }

    private sealed class FileLoggerProvider : ILoggerProvider
    {
        private readonly Lock gate = new();
        private readonly StreamWriter writer;

        public FileLoggerProvider(string path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }

        public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

        public void Dispose()
        {
            lock (gate)
            {
                writer.Dispose();
            }
        }

        private void Write(string line)
        {
            lock (gate)
            {
                try
                {
                    writer.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // A background job may still log while its host shuts down.
                }
            }
        }

        private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}";
                provider.Write(exception is null ? line : line + Environment.NewLine + exception);
            }
        }
    }
}
