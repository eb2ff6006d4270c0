using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;

namespace ReferralTraining.IntegrationTests.Infrastructure;

/// <summary>One app host, database and SMTP sink for the whole integration run; tests reset the data.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;
    public SmtpSink Smtp { get; } = new();
    public AppFactory Factory { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("rt_integration");
        Factory = new AppFactory(Database.ConnectionString, Smtp.Port);
        _ = Factory.Server; // start the host: migrations run now, once
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public AppDbContext NewDbContext(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<AppDbContext>();
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

/// <summary>Base for tests on the shared host: the database is emptied before each test.</summary>
[Collection(AppCollection.Name)]
public abstract class AppTest(AppFixture fixture) : IAsyncLifetime
{
    protected AppFixture Fixture { get; } = fixture;
    protected AppFactory Factory => Fixture.Factory;

    public virtual Task InitializeAsync() => Fixture.Database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = Factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
