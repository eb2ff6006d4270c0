using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Data;

public static class DataExtensions
{
    /// <summary>Idle DbContexts kept for reuse: above the connections an instance uses at once (Npgsql's default 100).</summary>
    internal const int ContextPoolSize = 128;

    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Configuration key 'ConnectionStrings:Postgres' is missing. Start the app with ./run.sh, or set ConnectionStrings__Postgres.");
        }
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"Configuration key 'ConnectionStrings:Postgres' is not a valid PostgreSQL connection string: {ex.Message}", ex);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        // Retries transient failures briefly (a restart of about a second goes unnoticed) and not at all once the database
        // is known to be away, so an outage answers 503 at once (Infrastructure/Observability/DatabaseOutage.cs). Every
        // explicit transaction runs inside CreateExecutionStrategy().ExecuteAsync, as a retrying strategy requires.
        // The pool keeps at most ContextPoolSize idle contexts. Each keeps its last command and that command's parameters
        // (a quiz attempt's questions are 20-70 kB of JSON), so EF's default of 1,024 held about 50 MB for good after a
        // 10,000-person quiz stampede (ADR-036); contexts beyond the pool are created and discarded as needed.
        builder.Services.AddDbContextPool<AppDbContext>((sp, options) => options.UseNpgsql(connectionString,
            npgsql => npgsql.ExecutionStrategy(deps => new Infrastructure.Observability.OutageAwareExecutionStrategy(deps, sp.GetRequiredService<Infrastructure.Observability.OutageState>()))
                .MigrationsHistoryTable("__EFMigrationsHistory", "public")), poolSize: ContextPoolSize);
        // Keys live in the database so every instance (and restart) can read the others' cookies.
        builder.Services.AddDataProtection().SetApplicationName("ReferralTraining").PersistKeysToDbContext<AppDbContext>();
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        // The demo seed writes through every area's services, so it lives here, above the areas, not in one of them.
        builder.Services.AddScoped<Seed.DemoSeeder>();
        builder.Services.AddOptions<Seed.DemoSeedOptions>().BindConfiguration(Seed.DemoSeedOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || builder.Environment.IsDevelopment(), "Seed:Enabled may only be true in the Development environment.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>Migrate, then load content and (in development) the demo data, before serving.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value;
        var db = services.GetRequiredService<AppDbContext>();
        if (options.MigrateOnStartup)
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(() => db.Database.MigrateAsync());
        }
        await RoleSetup.EnsureRolesAsync(services);
        // Start-up work runs to the end: nothing serves requests until it has, and a half-published catalog helps no one.
        await services.GetRequiredService<ContentPublisher>().PublishOnStartupAsync(CancellationToken.None);
        await services.GetRequiredService<Seed.DemoSeeder>().SeedIfEnabledAsync(CancellationToken.None);
    }

}
