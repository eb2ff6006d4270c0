using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Data.Seed;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.PracticeChange;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

/// <summary>
/// Issue 20 item 7: every main page of every demo role, on the demo data, at desktop and at 360 px. Saves both
/// screenshots to TestResults/screenshots/&lt;role&gt;/&lt;page&gt;-&lt;width&gt;.png (kept by CI with the test results) for
/// people to look at, and fails when a page is wider than a 360 px phone (WCAG 1.4.10) or axe finds a serious or
/// critical violation. Every page is visited even after a failure, so one run names every broken page.
/// </summary>
public sealed class PageTourTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string CourseId = "intensive-referral";
    private const int Phone = 360;
    private const int Desktop = 1280;

    private static readonly string ScreenshotRoot = Path.Combine(RepoPaths.Root, "TestResults", "screenshots");

    private sealed record TourPage(string Name, string Path, Func<IPage, Task>? Act = null);

    [Fact]
    public Task EveryRole_EveryMainPage_FitsAPhone_PassesAxe_AndIsScreenshotted() => JourneyAsync(nameof(EveryRole_EveryMainPage_FitsAPhone_PassesAxe_AndIsScreenshotted), async () =>
    {
        // The demo seed (Development only in the app) run directly, so the pages show the rows a newcomer sees.
        string password;
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var options = new DemoSeedOptions { Enabled = true };
            password = options.DemoPassword;
            await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider, Options.Create(options)).SeedIfEnabledAsync(CancellationToken.None);
            // The reminders a running app sends every 15 minutes, so Notifications has rows (none in the quiet hours).
            await scope.ServiceProvider.GetRequiredService<ReminderJob>().RunAsync(CancellationToken.None);
        }

        Guid orgId;
        string version, validCode, revokedCode, learnerEmail = "learner16@demo.referraltraining.org";
        Guid? followUpId;
        int? attemptNumber;
        Guid finishedScenario, openScenario;
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            orgId = await db.Set<Organization>().Where(o => o.Name == "Riverside Recovery Center").Select(o => o.Id).SingleAsync();
            version = await db.Courses.Where(c => c.Id == CourseId).Select(c => db.CourseVersions.Where(v => v.Id == c.CurrentVersionId).Select(v => v.Version).Single()).SingleAsync();
            validCode = await db.Certificates.Where(c => c.Status == CertificateStatus.Active).OrderBy(c => c.IssuedAt).Select(c => c.VerificationCode).FirstAsync();
            revokedCode = await db.Certificates.Where(c => c.Status == CertificateStatus.Revoked).Select(c => c.VerificationCode).FirstAsync();
            var learnerId = await db.Users.Where(u => u.Email == learnerEmail).Select(u => u.Id).SingleAsync();
            followUpId = await db.Set<FollowUp>().Where(f => f.UserId == learnerId && f.RespondedAt == null).OrderBy(f => f.Sequence).Select(f => (Guid?)f.Id).FirstOrDefaultAsync();
            attemptNumber = await db.QuizAttempts.Where(a => a.UserId == learnerId && a.SubmittedAt != null).OrderBy(a => a.Number).Select(a => (int?)a.Number).FirstOrDefaultAsync();
            // The demo clinician's practice scenario: one finished attempt (its debrief) and one in progress (the player).
            var mayaId = await db.Users.Where(u => u.Email == "clinician@demo.referraltraining.org").Select(u => u.Id).SingleAsync();
            var scenarioAttempts = db.Set<ReferralTraining.Web.Features.Scenarios.ScenarioAttempt>().Where(a => a.UserId == mayaId);
            finishedScenario = await scenarioAttempts.Where(a => a.FinishedAt != null).Select(a => a.Id).FirstAsync();
            openScenario = await scenarioAttempts.Where(a => a.FinishedAt == null).Select(a => a.Id).FirstAsync();
        }
        Assert.True(followUpId is not null && attemptNumber is not null, "the demo seed gives learner16 a quiz attempt and a follow-up waiting");

        var org = $"/organizations/{orgId}";
        var today = DateOnly.FromDateTime(Fixture.Factory.Clock.GetUtcNow().UtcDateTime);
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();

        // Roles side by side (each its own context, its pages in sequence): the run takes as long as the longest role.
        await Task.WhenAll(
        TourAsync("anonymous", null, password, problems,
        [
            new("home", "/"),
            new("courses", "/courses"),
            new("course-version", $"/courses/{CourseId}/versions/{version}"),
            new("referral-menu", "/referral-menu"),
            new("handout", "/referral-menu/handout?lang=es"),
            new("verify", "/verify"),
            new("verify-valid", $"/verify/{validCode}"),
            new("verify-revoked", $"/verify/{revokedCode}"),
            new("sign-in", "/accounts/login"),
            new("register", "/accounts/register"),
            new("forgot-password", "/accounts/forgot-password"),
        ]),

        // The demo clinician midway through the course.
        TourAsync("clinician", "clinician@demo.referraltraining.org", password, problems,
        [
            new("home", "/"),
            new("courses", "/courses"),
            new("course", $"/courses/{CourseId}"),
            new("module", $"/courses/{CourseId}/modules/3"),
            new("scenario", $"/courses/{CourseId}/scenarios/higher-power"),
            new("scenario-player", $"/scenarios/attempts/{openScenario}"),
            new("scenario-debrief", $"/scenarios/attempts/{finishedScenario}/debrief"),
            new("quiz", $"/quizzes/{CourseId}"),
            new("certificates", "/certificates"),
            new("sharing", "/certificates/sharing"),
            new("organizations", "/organizations"),
            new("notifications", "/notifications"),
            new("profile", "/accounts/profile"),
            new("preferences", "/accounts/preferences"),
            new("sessions", "/accounts/sessions"),
            new("change-password", "/accounts/change-password"),
        ]),

        // A demo learner who finished: quiz review, certificates, credit claim, and a follow-up waiting.
        TourAsync("learner", learnerEmail, password, problems,
        [
            new("home", "/"),
            new("quiz-review", $"/quizzes/{CourseId}/attempts/{attemptNumber}"),
            new("claim", $"/certificates/claim/{CourseId}"),
            new("certificates", "/certificates"),
            new("sharing", "/certificates/sharing"),
            new("practice-change", $"/follow-ups/{followUpId}"),
            new("notifications", "/notifications"),
        ]),

        TourAsync("director", "director@demo.referraltraining.org", password, problems,
        [
            new("home", "/"),
            new("organizations", "/organizations"),
            new("organization", org),
            new("assignments", $"{org}/assignments"),
            new("compliance", $"{org}/compliance"),
            new("practice-outcomes", $"{org}/outcomes"),
            new("reading-time", $"{org}/reading-time?course={CourseId}"),
            new("scenario-fidelity", $"{org}/scenario-fidelity"),
            new("api-keys", $"{org}/api-keys"),
            new("notifications", "/notifications"),
            new("profile", "/accounts/profile"),
            new("sessions", "/accounts/sessions"),
        ]),

        TourAsync("board", "board@demo.referraltraining.org", password, problems,
        [
            new("home", "/"),
            new("bulk-check", "/verification/bulk", async page =>
            {
                await page.Locator("#Csv").FillAsync($"code\n{validCode}\n{revokedCode}\nABCD-EFGH-JKLM-NPQR-S");
                await page.Locator("#Csv").EvaluateAsync("e => e.form.requestSubmit()");
                await Expect(page.Locator("#bulk-results")).ToBeVisibleAsync(new() { Timeout = 120_000 });
            }),
            new("license-audit", $"/verification/bulk?Authority=Demo%20State%20Board&Number=DEMO-0009&From={today.AddYears(-1):yyyy-MM-dd}&To={today:yyyy-MM-dd}"),
            new("api-keys", "/verification/api-keys"),
            new("notifications", "/notifications"),
            new("profile", "/accounts/profile"),
        ]),

        TourAsync("admin", "admin@demo.referraltraining.org", password, problems,
        [
            new("home", "/"),
            new("content", "/admin/content"),
            new("item-analysis", "/admin/item-analysis"),
            new("scenario-analysis", "/admin/scenario-analysis"),
            new("reading-time", $"/admin/reading-time?course={CourseId}"),
            new("certificates", "/admin/certificates"),
            new("exports", "/admin/exports"),
            new("outcomes", "/admin/outcomes"),
            new("organizations", "/admin/organizations"),
            new("accounts", "/admin/accounts"),
            new("security-log", "/admin/security-events"),
            new("notifications", "/notifications"),
            new("profile", "/accounts/profile"),
        ]));

        Assert.True(problems.IsEmpty, $"{problems.Count} problem(s):\n" + string.Join("\n", problems.Order(StringComparer.Ordinal)));
    });

    /// <summary>One browser context for the role, signed in once, then every page in sequence.</summary>
    private async Task TourAsync(string role, string? email, string password, System.Collections.Concurrent.ConcurrentQueue<string> problems, IReadOnlyList<TourPage> pages)
    {
        await using var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Fixture.BaseUrl,
            ViewportSize = new() { Width = Desktop, Height = 800 },
        });
        // Generous waits for conditions, never sleeps: on a loaded 2-core machine one sign-in once took over 30 s.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        if (email is not null)
        {
            await page.GotoAsync("/accounts/login");
            await page.GetByLabel("E-mail address").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Fixture.CompleteSecondStepAsync(page, email);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync(new() { Timeout = 120_000 });
        }
        var folder = Path.Combine(ScreenshotRoot, role);
        Directory.CreateDirectory(folder);
        foreach (var p in pages)
        {
            await page.SetViewportSizeAsync(Desktop, 800);
            var response = await page.GotoAsync(p.Path);
            if (p.Act is not null)
            {
                try
                {
                    await p.Act(page);
                }
                catch (Exception e) when (e is PlaywrightException or TimeoutException)
                {
                    problems.Enqueue($"{role} {p.Name} ({p.Path}): {e.Message.Split('\n')[0]}");
                }
            }
            else if (response is null || !response.Ok)
            {
                problems.Enqueue($"{role} {p.Name} ({p.Path}): HTTP {response?.Status}");
            }
            if (email is not null && page.Url.Contains("/accounts/login", StringComparison.Ordinal))
            {
                problems.Enqueue($"{role} {p.Name} ({p.Path}): sent to sign in");
            }
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{p.Name}-{Desktop}.png"), FullPage = true });

            // The same document reflowed to a phone's width: no reload, so a form's results stay on screen.
            await page.SetViewportSizeAsync(Phone, 740);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{p.Name}-{Phone}.png"), FullPage = true });
            var overflow = await page.EvaluateAsync<string?>(WidestElementScript, Phone);
            if (overflow is not null)
            {
                problems.Enqueue($"{role} {p.Name} ({p.Path}): wider than {Phone} px: {overflow}");
            }
            var axe = await page.RunAxe();
            foreach (var v in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
            {
                problems.Enqueue($"{role} {p.Name} ({p.Path}): axe {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
            }
        }
    }

    /// <summary>
    /// Null when the page fits; otherwise its width and the elements sticking out furthest (outside any scrolling
    /// region of their own, which WCAG 1.4.10 allows), named by tag, id, classes and the start of their text.
    /// </summary>
    internal const string WidestElementScript = """
        width => {
          const doc = document.documentElement;
          if (doc.scrollWidth <= width) return null;
          const scrolls = el => { for (let a = el.parentElement; a && a !== doc; a = a.parentElement) {
              const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
          const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
              + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '')
              + ' "' + (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40) + '"';
          const wide = [...document.body.querySelectorAll('*')]
            .map(el => ({ el, right: Math.round(el.getBoundingClientRect().right) }))
            .filter(x => x.right > width && !scrolls(x.el))
            .sort((a, b) => b.right - a.right);
          // The deepest of the widest: the element that pushes, not every ancestor it widens.
          const leaves = wide.filter(x => !wide.some(y => y !== x && x.el.contains(y.el) && y.right >= x.right));
          return 'page is ' + doc.scrollWidth + ' px; widest: ' + leaves.slice(0, 3).map(x => name(x.el) + ' to ' + x.right + ' px').join('; ');
        }
        """;
}
