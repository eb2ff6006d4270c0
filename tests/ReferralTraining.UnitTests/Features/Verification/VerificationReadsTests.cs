using Npgsql;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.UnitTests.Features.Verification;

public sealed class VerificationReadsTests
{
    [Theory]
    [InlineData("Host=db;Username=app", 100, 8, 0, 4)] // Npgsql's default pool of 100 → the cap of 8
    [InlineData("Host=db;Username=app;Maximum Pool Size=16;Max Auto Prepare=20", 16, 4, 0, 20)]
    [InlineData("Host=db;Username=app;Maximum Pool Size=4", 4, 2, 0, 4)]
    [InlineData("Host=db;Username=app;Minimum Pool Size=20;Maximum Pool Size=40", 40, 8, 8, 4)] // a minimum above the lookup pool's maximum is lowered
    public void LookupPool_IsMultiplexed_AndSmallerThanTheMainPool(string main, int mainMax, int max, int min, int autoPrepare)
    {
        Assert.Equal(mainMax, new NpgsqlConnectionStringBuilder(main).MaxPoolSize);
        var settings = VerificationReads.Settings(main);
        Assert.Equal((true, max, min, autoPrepare, "db"), (settings.Multiplexing, settings.MaxPoolSize, settings.MinPoolSize, settings.MaxAutoPrepare, settings.Host));
        // Npgsql builds a data source from them.
        using var source = NpgsqlDataSource.Create(settings);
        Assert.NotNull(source);
    }
}
