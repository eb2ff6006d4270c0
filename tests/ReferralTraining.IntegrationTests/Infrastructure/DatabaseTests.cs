using Microsoft.EntityFrameworkCore;

namespace ReferralTraining.IntegrationTests.Infrastructure;

public sealed class DatabaseTests(AppFixture fixture) : AppTest(fixture)
{
    [Fact]
    public async Task MigrationsAreApplied_AndModelHasNoPendingChanges()
    {
        var pending = await QueryAsync(db => db.Database.GetPendingMigrationsAsync());
        Assert.Empty(pending);
        var applied = await QueryAsync(db => db.Database.GetAppliedMigrationsAsync());
        Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.False(await QueryAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())),
            "The EF model has changes without a migration: run `dotnet ef migrations add <Name>` in src/ReferralTraining.Web.");
    }

    [Fact]
    public async Task HangfireSchema_IsInTheSameDatabase()
    {
        var tables = await QueryAsync(db => db.Database
            .SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'hangfire'")
            .ToListAsync());
        Assert.Contains("job", tables);
        Assert.Contains("server", tables);
    }
}
