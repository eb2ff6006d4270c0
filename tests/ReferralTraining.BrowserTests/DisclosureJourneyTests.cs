using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

/// <summary>
/// Issue 22: a clinician opens a course, sees the disclosures of financial relationships before module 1, acknowledges
/// them, and the acknowledgment is recorded with its time for the course version; an admin then downloads the version's
/// activity file (JSON) and finds it counted. Four other learners acknowledge first, so that the clinician's makes five:
/// the first count the file shows as a number rather than "&lt;5" (ADR-030). Each journey class has its own database,
/// so the count is exact.
/// </summary>
public sealed class DisclosureJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string CourseId = "families";

    [Fact]
    public Task Clinician_SeesDisclosuresBeforeModuleOne_AndAcknowledgesThem() => JourneyAsync(nameof(Clinician_SeesDisclosuresBeforeModuleOne_AndAcknowledgesThem), async () =>
    {
        using (var seed = Fixture.Factory.Services.CreateScope())
        {
            var courses = seed.ServiceProvider.GetRequiredService<CourseService>();
            for (var i = 0; i < 4; i++)
            {
                var other = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
                Assert.NotNull(await courses.EnrollAsync(other.Id, CourseId, CancellationToken.None));
                Assert.True(await courses.AcknowledgeDisclosuresAsync(other.Id, CourseId, CancellationToken.None));
            }
        }
        var user = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(user.Email!);
        await Page.GetByLabel("Password").FillAsync(Tests.Shared.AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/accounts/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

        await Page.GotoAsync($"/courses/{CourseId}");
        var disclosures = Page.Locator("#disclosures");
        await Expect(disclosures.GetByRole(AriaRole.Heading, new() { Name = "Disclosures of financial relationships" })).ToBeVisibleAsync();
        // The shipped library's sample planner has one relevant relationship, shown with its mitigation; the others have none.
        await Expect(disclosures.Locator("[data-testid=disclosure-person]")).ToHaveCountAsync(3);
        await Expect(disclosures).ToContainTextAsync("Example Therapeutics Inc. (fictional sample company): Consulting fees (sample data). Mitigated:");
        await Expect(disclosures).ToContainTextAsync("All relevant financial relationships listed above have been mitigated.");
        await Expect(disclosures.GetByText("Placeholder: sample data").First).ToBeVisibleAsync();
        await AssertAccessibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Enroll in this course" }).ClickAsync();
        // Enrolled: module 1 waits for the acknowledgment; opening it directly comes back to the disclosures.
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "I have read the disclosures: start module 1" })).ToBeVisibleAsync();
        await Page.GotoAsync($"/courses/{CourseId}/modules/1");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/courses/{CourseId}#disclosures$"));
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Before module 1, read the disclosures");

        await Page.GetByRole(AriaRole.Button, new() { Name = "I have read the disclosures: start module 1" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/courses/{CourseId}/modules/1$"));
        await Expect(Page.Locator("article.prose h2").First).ToBeVisibleAsync();

        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var version = await db.Enrollments.Where(e => e.UserId == user.Id && e.CourseId == CourseId).Select(e => e.CourseVersionId).SingleAsync();
        var acknowledgment = await db.Set<DisclosureAcknowledgment>().SingleAsync(a => a.UserId == user.Id);
        Assert.Equal(version, acknowledgment.CourseVersionId);

        // An admin opens the version's activity file: the acknowledgment is counted (five learners), and the JSON's
        // last acknowledgment is the clinician's.
        var versionName = await db.CourseVersions.Where(v => v.Id == version).Select(v => v.Version).SingleAsync();
        var admin = await Fixture.Factory.CreateUserAsync(Roles.Admin);
        await using var adminContext = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Fixture.BaseUrl });
        var adminPage = await adminContext.NewPageAsync();
        await adminPage.GotoAsync("/accounts/login");
        await adminPage.GetByLabel("E-mail address").FillAsync(admin.Email!);
        await adminPage.GetByLabel("Password").FillAsync(Tests.Shared.AppFactory.Password);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Fixture.CompleteSecondStepAsync(adminPage, admin.Email!);
        await Expect(adminPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
        // The page builds the whole activity file (PDF and JSON) to show their hashes: allow it time on a busy machine.
        await adminPage.GotoAsync($"/admin/activity?course={CourseId}&version={Uri.EscapeDataString(versionName)}", new PageGotoOptions { Timeout = 120_000 });
        await Expect(adminPage.Locator("#acknowledged")).ToHaveTextAsync("5");
        var download = await adminPage.RunAndWaitForDownloadAsync(() => adminPage.Locator("#activity-json").ClickAsync());
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync((await download.PathAsync())!));
        var disclosure = json.RootElement.GetProperty("disclosureToLearners");
        Assert.Equal("5", disclosure.GetProperty("learners").GetString());
        Assert.Equal(acknowledgment.AcknowledgedAt.ToUniversalTime(), disclosure.GetProperty("last").GetDateTimeOffset().ToUniversalTime());
        Assert.Equal(versionName, json.RootElement.GetProperty("activity").GetProperty("version").GetString());
    });
}
