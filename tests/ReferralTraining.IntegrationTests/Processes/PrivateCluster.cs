using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.IntegrationTests.Processes;

/// <summary>
/// A throwaway PostgreSQL cluster of its own, made with the same scripts/lib.sh functions as test.sh, so that a
/// test may stop and start it without disturbing the shared test cluster other test classes use.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private PrivateCluster(string dataDir, int port)
    {
        DataDir = dataDir;
        Port = port;
    }

    public string DataDir { get; }

    public int Port { get; }

    public string ServerConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Timeout=5";

    public static async Task<PrivateCluster> StartAsync()
    {
        var cluster = new PrivateCluster(Path.Combine(Path.GetTempPath(), $"rt-proc-pg-{Guid.NewGuid():N}"[..24]), FreePort());
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>Starts the cluster (again), waiting until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        await LibAsync("""ensure_postgres; start_cluster "$1" "$2" throwaway""", DataDir, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        NpgsqlConnection.ClearAllPools(); // the test process's own pooled connections died with the old server
    }

    /// <summary>pg_ctl stop in the given mode (fast: disconnect every client, then shut down cleanly).</summary>
    public Task StopAsync(string mode = "fast") => LibAsync("""ensure_postgres; stop_cluster "$1" "$2" """, DataDir, mode);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var server = new NpgsqlConnection(ServerConnectionString + ";Database=postgres"))
        {
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
            await create.ExecuteNonQueryAsync();
        }
        return $"{ServerConnectionString};Database={name}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync("immediate");
        }
        finally
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task LibAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(". scripts/lib.sh; " + script);
        start.ArgumentList.Add("lib");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/lib.sh '{script}' failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
