using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;
using Respawn;

namespace ReferralTraining.Tests.Shared;

/// <summary>
/// Databases inside the cluster the test command started (RT_TEST_POSTGRES). Each app host gets its own database,
/// cloned from a template migrated once per test process (CREATE DATABASE … TEMPLATE copies files, far faster than
/// running every migration again); tests reset it with Respawn instead of creating databases per test.
/// </summary>
public sealed class TestDatabase
{
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? template;
    private static int collectionCounter;
    private Respawner? respawner;

    private TestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("RT_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "RT_TEST_POSTGRES is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster and sets it.");

    /// <summary>A name no other fixture in this process uses: the prefix and a sequence number.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Interlocked.Increment(ref collectionCounter)}";

    /// <summary>Drops and recreates the named database, empty: every run starts from nothing.</summary>
    public static async Task<TestDatabase> CreateAsync(string name)
    {
        await RecreateAsync(name, template: null);
        return ForDatabase(name);
    }

    /// <summary>
    /// Drops and recreates the named database as a copy of the migrated template (the app's own migrations, applied once
    /// per test process from an empty database). The host still runs MigrateAsync at start-up and finds nothing to do.
    /// </summary>
    public static async Task<TestDatabase> CreateMigratedAsync(string name)
    {
        await RecreateAsync(name, await MigratedTemplateAsync());
        return ForDatabase(name);
    }

    // Idle pooled connections close after a few seconds: a test process holds many hosts, and the connections a finished
    // collection's host kept idle would otherwise count against the cluster's max_connections.
    private static TestDatabase ForDatabase(string name) =>
        new($"{ServerConnectionString};Database={name};Maximum Pool Size=100;Connection Idle Lifetime=5;Connection Pruning Interval=2");

    private static async Task RecreateAsync(string name, string? template)
    {
        await using var server = new NpgsqlConnection(ServerConnectionString + ";Database=postgres");
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
        var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await using var create = new NpgsqlCommand(sql, server);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>The template database of this test assembly, migrated on first use (one per assembly: test projects may run at once).</summary>
    private static async Task<string> MigratedTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (template is null)
            {
                var name = "rt_template_" + typeof(TestDatabase).Assembly.GetName().Name!.Split('.')[^1].ToLowerInvariant();
                await RecreateAsync(name, template: null);
                // No pooling: CREATE DATABASE … TEMPLATE refuses while any connection to the template is open.
                var options = new DbContextOptionsBuilder<AppDbContext>()
                    .UseNpgsql($"{ServerConnectionString};Database={name};Pooling=false")
                    .Options;
                await using (var db = new AppDbContext(options))
                {
                    await db.Database.MigrateAsync();
                }
                template = name;
            }
            return template;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    /// <summary>
    /// Empties the app's tables (not migrations history, roles or Hangfire's schema). The shuffled status list slots are
    /// kept (creating a list writes 131,072 rows) and their hand-out sequence restarts: with the certificates gone, every
    /// slot is free again.
    /// </summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__EFMigrationsHistory", "AspNetRoles", "status_list_slots"],
        });
        // The previous test's host may still be finishing background work (a mail job, a view record) that locks rows
        // in another order than TRUNCATE does; PostgreSQL then aborts one side with a deadlock. Ours is safe to repeat.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await respawner.ResetAsync(connection);
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                await Task.Delay(200 * attempt);
            }
        }
        await using var restart = new NpgsqlCommand("SELECT setval('status_list_position', 0, false)", connection);
        await restart.ExecuteNonQueryAsync();
    }
}
