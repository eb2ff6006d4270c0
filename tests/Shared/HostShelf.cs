using Microsoft.Extensions.Hosting;

namespace ReferralTraining.Tests.Shared;

/// <summary>
/// Where test hosts go when their collection ends: stopped at once (job server and background services end, so they
/// stop polling), disposed only when the test process exits. Disposing a host while others still run disposes Hangfire
/// storage that Hangfire's process-wide statics may still point at, which stalled the other hosts' workers (seen here).
/// </summary>
public static class HostShelf
{
    private static readonly List<IAsyncDisposable> Shelved = [];

    static HostShelf() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAll();

    public static async Task RetireAsync(AppFactory host)
    {
        lock (Shelved)
        {
            Shelved.Add(host);
        }
        if (host.StartedHost is { } started)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await started.StopAsync(timeout.Token);
        }
    }

    private static void DisposeAll()
    {
        List<IAsyncDisposable> hosts;
        lock (Shelved)
        {
            hosts = [.. Shelved];
            Shelved.Clear();
        }
        // Bounded: an exiting test process must not hang on a host that will not stop.
        Task.Run(async () =>
        {
            foreach (var host in hosts)
            {
                try
                {
                    await host.DisposeAsync();
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
                {
                    // Shutting down anyway.
                }
            }
        }).Wait(TimeSpan.FromSeconds(20));
    }
}
