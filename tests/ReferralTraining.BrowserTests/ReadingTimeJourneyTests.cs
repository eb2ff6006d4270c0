using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

/// <summary>Reading a module in the browser: its heartbeats carry the time (used by the journeys that read modules).</summary>
internal static class ReadingTimeJourneyTests
{
    /// <summary>
    /// Stays on the open module page until the server has recorded <paramref name="seconds"/>: moves the app's clock
    /// 30 s at a time and makes the page's script report now (a visibilitychange event) instead of in 15 real seconds.
    /// Heartbeats the script sends by itself meanwhile only add to the count, so a slow machine cannot fail this.
    /// </summary>
    internal static async Task ReadAsync(BrowserFixture fixture, IPage page, Guid userId, string courseId, int module, int seconds)
    {
        while (await EngagedSecondsAsync(fixture, userId, courseId, module) < seconds)
        {
            fixture.Factory.Clock.Advance(TimeSpan.FromSeconds(30));
            var beat = page.WaitForResponseAsync(r => r.Url.Contains("handler=Heartbeat", StringComparison.Ordinal));
            await page.EvaluateAsync("() => document.dispatchEvent(new Event('visibilitychange'))");
            Assert.Equal(204, (await beat).Status);
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
}
