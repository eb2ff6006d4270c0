using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;

namespace ReferralTraining.IntegrationTests.Infrastructure;

/// <summary>
/// One app host, database (cloned from the migrated template) and SMTP sink per test class: each class is its own copy of
/// the "app" collection (see ParallelCollections), so classes run in parallel; the tests of one class run one after
/// another and reset the data.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;
    public SmtpSink Smtp { get; } = new();
    public AppFactory Factory { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateMigratedAsync(TestDatabase.UniqueName("rt_integration"));
        Factory = new AppFactory(Database.ConnectionString, Smtp.Port);
        _ = Factory.Server; // start the host: migrations run now, once
    }

    private readonly List<AppFactory> extraHosts = [];

    /// <summary>
    /// A second app host with its own database (a fresh copy of the migrated template) and settings. Stopped with
    /// this fixture, disposed only when the run ends (see HostShelf).
    /// </summary>
    /// <param name="connectionString">How the host reaches its database (e.g. through a relay), from the direct string.</param>
    /// <param name="owned">Disposed after the host when the run ends.</param>
    public async Task<AppFactory> ExtraHostAsync(string database, int? smtpPort = null, IDictionary<string, string?>? settings = null,
        Func<string, string>? connectionString = null, IAsyncDisposable? owned = null)
    {
        var db = await TestDatabase.CreateMigratedAsync(database);
        var host = new AppFactory(connectionString?.Invoke(db.ConnectionString) ?? db.ConnectionString, smtpPort ?? Smtp.Port, settings: settings);
        lock (extraHosts)
        {
            extraHosts.Add(host);
            if (owned is not null)
            {
                ownedByHosts.Add(owned);
            }
        }
        return host;
    }

    private readonly List<IAsyncDisposable> ownedByHosts = [];

    public async Task DisposeAsync()
    {
        foreach (var host in extraHosts)
        {
            await HostShelf.RetireAsync(host);
        }
        foreach (var owned in ownedByHosts)
        {
            await owned.DisposeAsync();
        }
        await HostShelf.RetireAsync(Factory);
        await Smtp.DisposeAsync();
    }

    public AppDbContext NewDbContext(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<AppDbContext>();
}

/// <summary>The collection of app tests: one copy, so one AppFixture, per test class.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>, IOneCopyPerTestClass
{
    public const string Name = "app";
}

/// <summary>Base for tests on the class's own host: the database is emptied before each test.</summary>
[Collection(AppCollection.Name)]
public abstract class AppTest(AppFixture fixture) : IAsyncLifetime
{
    protected AppFixture Fixture { get; } = fixture;
    protected AppFactory Factory => Fixture.Factory;

    public virtual Task InitializeAsync()
    {
        // The database is emptied between tests; a process-wide cache of its rows must be too.
        Factory.Services.GetRequiredService<ReferralTraining.Web.Features.Certificates.Credentials.CurrentIssuerKeyCache>().Clear();
        return Fixture.Database.ResetAsync();
    }

    // A test that moved the host's clock puts it back: credentials issued later are checked by an outside
    // verifier against real time (jose rejects an "nbf" in the future).
    public Task DisposeAsync()
    {
        Factory.Clock.Reset();
        return Task.CompletedTask;
    }

    /// <summary>Waits until the host's job system has no enqueued or running job (jobs it started have finished).</summary>
    protected async Task JobsIdleAsync(AppFactory? host = null)
    {
        var connection = (host ?? Factory).Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ConnectionStrings:Postgres"];
        await using var db = new Npgsql.NpgsqlConnection(connection);
        await db.OpenAsync();
        await Eventually.TrueAsync(async () =>
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM hangfire.job WHERE statename IN ('Enqueued', 'Processing') OR statename IS NULL", db);
            return (long)(await command.ExecuteScalarAsync())! == 0;
        }, "the host's jobs to finish");
    }

    protected async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = Factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
