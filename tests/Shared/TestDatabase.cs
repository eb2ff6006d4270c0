using Npgsql;
using Respawn;

namespace ReferralTraining.Tests.Shared;

/// <summary>
/// One database per test project inside the cluster the test command started (RT_TEST_POSTGRES);
/// tests reset it with Respawn instead of creating databases or clusters per test.
/// </summary>
public sealed class TestDatabase
{
    private Respawner? respawner;

    private TestDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("RT_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "RT_TEST_POSTGRES is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster and sets it.");

    /// <summary>Drops and recreates the named database: every run starts from nothing.</summary>
    public static async Task<TestDatabase> CreateAsync(string name)
    {
        await using (var server = new NpgsqlConnection(ServerConnectionString + ";Database=postgres"))
        {
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
            await create.ExecuteNonQueryAsync();
        }
        return new TestDatabase($"{ServerConnectionString};Database={name};Maximum Pool Size=100");
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
        await respawner.ResetAsync(connection);
        await using var restart = new NpgsqlCommand("SELECT setval('status_list_position', 0, false)", connection);
        await restart.ExecuteNonQueryAsync();
    }
}
