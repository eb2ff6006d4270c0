using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

public sealed class ReadingTimeJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string CourseId = "intensive-referral";

    [Fact]
    public Task MarkingReadAtOnce_IsRefusedWithAClearMessage_AndAcceptedAfterTheMinimumTime_WithTheKeyboardOnly() => JourneyAsync(nameof(MarkingReadAtOnce_IsRefusedWithAClearMessage_AndAcceptedAfterTheMinimumTime_WithTheKeyboardOnly), async () =>
    {
        var user = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(user.Id, CourseId, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<CourseService>().AcknowledgeDisclosuresAsync(user.Id, CourseId, CancellationToken.None);
        }
        var required = await RequiredSecondsAsync(Fixture, CourseId, 1);
        // Waits for conditions, never for a fixed time: generous limits so a loaded machine (a PBKDF2 sign-in on two shared
        // cores took over 30 s) is slow, not red.
        Page.SetDefaultTimeout(120_000);
        Page.SetDefaultNavigationTimeout(120_000);
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(user.Email!);
        await Page.GetByLabel("Password").FillAsync(Tests.Shared.AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/accounts/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

        await Page.GotoAsync($"/courses/{CourseId}/modules/1");
        await Expect(Page.Locator("#reading-time")).ToContainTextAsync("You can mark it as read after", new() { Timeout = 60_000 });
        var markRead = Page.GetByRole(AriaRole.Button, new() { Name = "Mark as read and continue" });

        // At once, from the keyboard: refused, with how much longer, announced as an alert; the page stays on the module.
        await TabToAsync(markRead);
        await Page.Keyboard.PressAsync("Enter");
        var alert = Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("This module cannot be marked as read yet", new() { Timeout = 60_000 });
        await Expect(alert).ToContainTextAsync("Please keep reading for about");
        await Expect(Page).ToHaveURLAsync(new Regex($"/courses/{CourseId}/modules/1$"));
        await AssertAccessibleAsync();

        // Reading: the page's script reports while it is visible; each report credits the real seconds on the app's clock
        // since the previous one, at most 30.
        await ReadAsync(Fixture, Page, user.Id, CourseId, 1, required);

        await TabToAsync(markRead);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(new Regex($"/courses/{CourseId}/modules/2$"), new() { Timeout = 60_000 });
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Module 1 marked as read.", new() { Timeout = 60_000 });
    });

    /// <summary>
    /// Stays on the open module page until the server has recorded <paramref name="seconds"/>: moves the app's clock
    /// 30 s at a time and makes the page's script report now (a visibilitychange event) instead of in 15 real seconds,
    /// then polls the database until the server credited it. The server's record is the condition, not the browser's
    /// network events (which Chromium reports for keepalive fetches less reliably); the script's own timed heartbeats
    /// only add to the count, so a slow machine cannot fail this. A heartbeat that is refused or never sent fails it
    /// with what the browser saw (status codes, console messages such as a CSP report, failed requests).
    /// </summary>
    internal static async Task ReadAsync(BrowserFixture fixture, IPage page, Guid userId, string courseId, int module, int seconds)
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void OnResponse(object? _, IResponse r)
        {
            if (r.Url.Contains("handler=Heartbeat", StringComparison.Ordinal))
            {
                seen.Enqueue($"heartbeat {r.Status}");
            }
        }
        void OnConsole(object? _, IConsoleMessage m) => seen.Enqueue($"console {m.Type}: {m.Text}");
        void OnFailed(object? _, IRequest r) => seen.Enqueue($"request failed: {r.Method} {r.Url} ({r.Failure})");
        page.Response += OnResponse;
        page.Console += OnConsole;
        page.RequestFailed += OnFailed;
        try
        {
            var recorded = await EngagedSecondsAsync(fixture, userId, courseId, module);
            while (recorded < seconds)
            {
                fixture.Factory.Clock.Advance(TimeSpan.FromSeconds(30));
                var visibility = await page.EvaluateAsync<string>("() => { document.dispatchEvent(new Event('visibilitychange')); return document.visibilityState; }");
                var before = recorded;
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while ((recorded = await EngagedSecondsAsync(fixture, userId, courseId, module)) <= before)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        Assert.Fail($"The server credited no reading time within 60 s of a heartbeat (page {page.Url}, visibility {visibility}, "
                            + $"{recorded} s recorded). The browser saw: {(seen.IsEmpty ? "nothing" : string.Join("; ", seen))}");
                    }
                    await Task.Delay(100);
                }
            }
            Assert.DoesNotContain(seen, s => s.StartsWith("heartbeat ", StringComparison.Ordinal) && s != "heartbeat 204");
        }
        finally
        {
            page.Response -= OnResponse;
            page.Console -= OnConsole;
            page.RequestFailed -= OnFailed;
        }
    }

    /// <summary>The minimum a module needs at the default share (half its estimated reading time).</summary>
    internal static async Task<int> RequiredSecondsAsync(BrowserFixture fixture, string courseId, int module)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var words = await db.CourseModules.Where(m => m.Number == module && m.CourseVersionId == db.Courses.Where(c => c.Id == courseId).Select(c => c.CurrentVersionId).Single())
            .Select(m => m.WordCount).SingleAsync();
        return (int)Math.Ceiling(ReadingTimeOptions.EstimatedSeconds(words) * 0.5);
    }

    private static async Task<int> EngagedSecondsAsync(BrowserFixture fixture, Guid userId, string courseId, int module)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ModuleEngagement.Where(g => g.ModuleNumber == module && db.Enrollments.Any(e => e.Id == g.EnrollmentId && e.UserId == userId && e.CourseId == courseId))
            .Select(g => g.EngagedSeconds).SingleAsync();
    }

    /// <summary>Presses Tab until the element has focus, as a keyboard user would reach it.</summary>
    private async Task TabToAsync(ILocator target)
    {
        for (var i = 0; i < 300; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }
        Assert.Fail("The keyboard never reached the button.");
    }
}
