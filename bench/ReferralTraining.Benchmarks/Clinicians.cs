using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Benchmarks;

/// <summary>One signed-in clinician: its own HttpClient and cookie jar, like one browser.</summary>
internal sealed class Clinician(string email, Guid userId) : IDisposable
{
    public string Email { get; } = email;
    public Guid UserId { get; } = userId;
    public HttpClient Http { get; private set; } = default!;

    public void Dispose() => Http?.Dispose();

    public void Connect(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }
}

/// <summary>Setup, not measured: accounts through UserManager, enrollment and reading through CourseService, sign-in over HTTP.</summary>
internal static partial class ClinicianSetup
{
    public const string Password = "bench graded quiz submissions 2026";

    public static async Task<List<Clinician>> CreateAsync(IServiceProvider services, int count, IReadOnlyList<string> courseIds)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var clinicians = new Clinician[count];
        var moduleCounts = new Dictionary<string, int>();
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var courseId in courseIds)
            {
                moduleCounts[courseId] = await db.Courses.Where(c => c.Id == courseId)
                    .Join(db.CourseModules, c => c.CurrentVersionId, m => m.CourseVersionId, (c, m) => m).CountAsync();
            }
        }
        // PBKDF2 (210,000 iterations) dominates: one hash per account, spread over every core.
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, async (i, ct) =>
        {
            using var scope = services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var email = $"bench-{run}-{i + 1:0000}@bench.referraltraining.local";
            var user = new AppUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                GivenName = "Bench",
                FamilyName = $"Clinician {i + 1}",
                CreatedAt = DateTimeOffset.UtcNow,
                Profession = Profession.Counselor,
            };
            user.Licenses.Add(new License { Id = Guid.NewGuid(), IssuingAuthority = "Benchmark Board", Number = $"B-{i + 1}" });
            Check(await users.CreateAsync(user, Password), email);
            Check(await users.AddToRoleAsync(user, Roles.Clinician), email);
            clinicians[i] = new Clinician(email, user.Id);
        });
        // Each enrollment and module is a durable commit: many in flight let PostgreSQL flush them together.
        await Parallel.ForEachAsync(clinicians, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (clinician, ct) =>
        {
            using var scope = services.CreateScope();
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            foreach (var courseId in courseIds)
            {
                _ = await courses.EnrollAsync(clinician.UserId, courseId, CancellationToken.None) ?? throw new InvalidOperationException($"Could not enroll in {courseId}.");
                for (var module = 1; module <= moduleCounts[courseId]; module++)
                {
                    var outcome = await courses.RecordReadingAsync(clinician.UserId, courseId, module, CancellationToken.None);
                    if (outcome != ProgressOutcome.Saved)
                    {
                        throw new InvalidOperationException($"Marking {courseId} module {module} read: {outcome}.");
                    }
                }
            }
        });
        return [.. clinicians];
    }

    /// <summary>Signs every clinician in through the login form (antiforgery token included), like a browser.</summary>
    public static Task SignInAllAsync(IEnumerable<Clinician> clinicians, Uri baseAddress) =>
        Parallel.ForEachAsync(clinicians, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, async (clinician, ct) =>
        {
            clinician.Connect(baseAddress);
            var page = await clinician.Http.GetStringAsync(new Uri("/accounts/login", UriKind.Relative), ct);
            var input = AntiforgeryInput().Match(page);
            var token = input.Success ? ValueAttribute().Match(input.Value) : Match.Empty;
            if (!token.Success)
            {
                throw new InvalidOperationException("The login page has no antiforgery token.");
            }
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = clinician.Email,
                ["Input.Password"] = Password,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            });
            using var response = await clinician.Http.PostAsync(new Uri("/accounts/login", UriKind.Relative), form, ct);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Sign-in as {clinician.Email} answered {(int)response.StatusCode}, not a redirect.");
            }
        });

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"{email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
