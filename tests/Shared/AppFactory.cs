using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
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
        builder.UseSetting("Accounts:TwoFactorPerMinute", "100000");
        builder.UseSetting("Accounts:SignInPagePerMinute", "1000000");
        builder.UseSetting("Accounts:SignInPerAddressPerMinute", "1000000");
        builder.UseSetting("Accounts:SignInPerAddressBurst", "100000");
        builder.UseSetting("Accounts:SignInFailuresPerAddressPer15Minutes", "1000000");
        builder.UseSetting("Verification:PublicPerMinute", "100000");
        builder.UseSetting("Credentials:PublicBaseUrl", "http://localhost");
        // The browser tests reach Kestrel as 127.0.0.1 and the HTTPS tests name referraltraining.example; links still name the public origin.
        builder.UseSetting("AllowedHosts", "localhost;127.0.0.1;referraltraining.example");
        builder.UseSetting("BackgroundJobs:QueuePollIntervalMs", "100");
        builder.UseSetting("BackgroundJobs:WorkerCount", "2");
        // The shipped library's people are placeholders; tests that run it (the demo seed, the journeys) claim credit as the
        // Development demo does. The withholding itself is tested with this off (PlaceholderPeopleTests).
        builder.UseSetting("Certificates:OfferCreditWithPlaceholderPeople", "true");
        // The SSO tests' provider runs on http://127.0.0.1 (tests/oidc-provider).
        builder.UseSetting("Sso:AllowHttpLoopbackIssuers", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => TestLogs.Configure(logging, new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database ?? "host"));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // Security refusals are log lines only (no rows): tests read them here. Only that category, Warning and up.
            services.AddLogging(logging => logging.AddFakeLogging(o =>
            {
                o.FilteredCategories.Add(typeof(SecurityAuditLog).FullName!);
                // And the two outage lines (gone, back) a host writes when its database goes away (issue 24).
                o.FilteredCategories.Add(typeof(ReferralTraining.Web.Infrastructure.Observability.DatabaseOutage).FullName!);
                o.FilteredLevels.Add(LogLevel.Warning);
            }));
        });
    }

    /// <summary>The host once started (null before, or when start-up failed): stopped without being disposed by <see cref="HostShelf"/>.</summary>
    public IHost? StartedHost { get; private set; }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        try
        {
            var host = base.CreateHost(builder);
            StartedHost = host;
            return host;
        }
        finally
        {
            TestLogs.KeepHangfireLogOffHosts();
        }
    }

    /// <summary>The security refusals logged so far (see SecurityAuditLog.Refused), and any database outage lines.</summary>
    public IReadOnlyList<FakeLogRecord> SecurityRefusals() => Services.GetFakeLogCollector().GetSnapshot();

    /// <summary>The host's clock: real time, movable forward by tests.</summary>
    public ShiftableClock Clock { get; } = new();

    /// <summary>
    /// A confirmed account in the given role, created the way the app creates accounts. Admins, directors and
    /// boards are enrolled in two-step sign-in (as they must be) unless enrolTwoFactor is false.
    /// </summary>
    public async Task<AppUser> CreateUserAsync(string role, string? email = null, bool withProfile = true, bool? enrolTwoFactor = null)
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
        if (enrolTwoFactor ?? TwoFactorRules.PrivilegedRoles.Contains(role))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return user;
    }

    /// <summary>
    /// The code the person's authenticator app would accept now: for the current 30-second step, or the next one
    /// when the current code was already used (the app accepts each step once and one step of drift); waits for
    /// the clock when both were used.
    /// </summary>
    public async Task<string> NextTotpCodeAsync(string email)
    {
        while (true)
        {
            using var scope = Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}");
            var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException($"{email} has no authenticator key");
            var now = TestTotp.Step(Clock.GetUtcNow());
            var step = Math.Max(now, (user.LastTotpTimeStep ?? 0) + 1);
            if (step <= now + 1)
            {
                return TestTotp.Code(key, step);
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Publishes the content folder (tests reset the database, so content is re-published per test).</summary>
    public async Task<PublishReport> PublishContentAsync(string? folder = null)
    {
        using var scope = Services.CreateScope();
        var publisher = scope.ServiceProvider.GetRequiredService<ContentPublisher>();
        return await publisher.PublishAsync(folder ?? publisher.ContentRoot, CancellationToken.None);
    }

    public T Scoped<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
}
