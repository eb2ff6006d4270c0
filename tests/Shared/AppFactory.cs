using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Tests.Shared;

/// <summary>
/// The real app in-process against a test database, sending mail to an SMTP sink. Each host has its
/// own job storage in its own database (see Infrastructure/BackgroundJobs).
/// </summary>
public sealed class AppFactory(string connectionString, int smtpPort, string? contentPath = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string Password = "correct battery horse staple";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Email:Host", "127.0.0.1");
        builder.UseSetting("Email:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:TimeoutSeconds", "5");
        builder.UseSetting("Courses:ContentPath", contentPath ?? RepoPaths.FixtureContent);
        builder.UseSetting("Accounts:PublicFormsPerMinute", "100000");
        builder.UseSetting("Verification:PublicPerMinute", "100000");
        builder.UseSetting("Credentials:PublicBaseUrl", "http://localhost");
        builder.UseSetting("BackgroundJobs:QueuePollIntervalMs", "100");
        builder.UseSetting("BackgroundJobs:WorkerCount", "2");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>The host's clock: real time, movable forward by tests.</summary>
    public ShiftableClock Clock { get; } = new();

    /// <summary>A confirmed account in the given role, created the way the app creates accounts.</summary>
    public async Task<AppUser> CreateUserAsync(string role, string? email = null, bool withProfile = true)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email ?? $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.example",
            Email = email ?? $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.example",
            EmailConfirmed = true,
            GivenName = "Test",
            FamilyName = role,
            CreatedAt = DateTimeOffset.UtcNow,
            Profession = withProfile ? Profession.Counselor : null,
        };
        user.Email = user.UserName;
        if (withProfile)
        {
            user.Licenses.Add(new License { Id = Guid.NewGuid(), IssuingAuthority = "Test Board", Number = "T-1" });
        }
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>Publishes the content folder (tests reset the database, so content is re-published per test).</summary>
    public async Task<PublishReport> PublishContentAsync(string? folder = null)
    {
        using var scope = Services.CreateScope();
        var publisher = scope.ServiceProvider.GetRequiredService<ContentPublisher>();
        return await publisher.PublishAsync(folder ?? publisher.ContentRoot);
    }

    public T Scoped<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
}
