using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

public sealed class OrganizationJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string CourseId = "intensive-referral";

    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/accounts/login");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Tests.Shared.AppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Fixture.CompleteSecondStepAsync(page, email);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
    }

    /// <summary>Enrol, read, pass the quiz, evaluate and claim credit through the app's services.</summary>
    private async Task CompleteAsync(Guid userId)
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
        var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
        var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
        await courses.EnrollAsync(userId, CourseId, CancellationToken.None);
        var versionId = await db.Courses.Where(c => c.Id == CourseId).Select(c => c.CurrentVersionId).SingleAsync();
        var modules = await db.CourseModules.CountAsync(m => m.CourseVersionId == versionId);
        for (var n = 1; n <= modules; n++)
        {
            await courses.RecordReadingAsync(userId, CourseId, n, CancellationToken.None);
        }
        var (attempt, _) = await quizzes.StartAsync(userId, CourseId, CancellationToken.None);
        await quizzes.SubmitAsync(userId, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
            q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
        // The course requires its practice scenario (issue 19): played on its keyed path, as a clinician would.
        await scope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Features.Scenarios.ScenarioService>().PassRequiredAsync(userId, CourseId, CancellationToken.None);
        Assert.Empty(await credits.SubmitEvaluationAsync(userId, CourseId, new EvaluationInput(5, true, 4, null, TestCommitments.For("intensive-referral"), TestEvaluations.AllMet(TestEvaluations.IntensiveReferralObjectives), IntentToChange.Yes), CancellationToken.None));
        var (claimId, errors) = await credits.ClaimAsync(userId, CourseId, "naadac", 0.5m, true, CancellationToken.None);
        Assert.True(claimId is not null, string.Join("; ", errors.Select(e => e.Message)));
    }

    [Fact]
    public Task Director_InvitesStaff_AssignsATeam_AndTheDashboardAndCsvShowCompleteAndOverdue() => JourneyAsync(nameof(Director_InvitesStaff_AssignsATeam_AndTheDashboardAndCsvShowCompleteAndOverdue), async () =>
    {
        var factory = Fixture.Factory;
        var director = await factory.CreateUserAsync(Roles.ProgramDirector);
        var admin = await factory.CreateUserAsync(Roles.Admin);
        Guid orgId;
        using (var scope = factory.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<OrganizationService>()
                .CreateOrganizationAsync($"Browser Program {Guid.NewGuid():N}"[..30], director.Email, admin.Id, CancellationToken.None);
            Assert.True(created.Ok, created.Error);
            orgId = created.Value;
        }
        var staff = new[] { await factory.CreateUserAsync(Roles.Clinician), await factory.CreateUserAsync(Roles.Clinician) };

        await SignInAsync(Page, director.Email!);
        await Page.GotoAsync($"/organizations/{orgId}");
        await Page.Locator("#team-form").GetByLabel("Name of a new team or job role").FillAsync("Outpatient");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add team" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Team Outpatient added");
        foreach (var person in staff)
        {
            var form = Page.Locator("#invite-form");
            await form.GetByLabel("E-mail address").FillAsync(person.Email!);
            await form.Locator("#TeamId").SelectOptionAsync(new SelectOptionValue { Label = "Outpatient" });
            await form.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Invitation sent to {person.Email}");
        }
        await AssertAccessibleAsync();

        // Each staff member opens the e-mailed link in their own browser and accepts into their account.
        foreach (var person in staff)
        {
            var message = await Fixture.Smtp.WaitForMessageAsync(person.Email!);
            var link = Tests.Shared.SmtpSink.LinkIn(message, "/invitations/accept");
            await using var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Fixture.BaseUrl });
            var page = await context.NewPageAsync();
            await SignInAsync(page, person.Email!);
            await page.GotoAsync(link);
            await page.GetByRole(AriaRole.Button, new() { Name = "Accept and join" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You joined the organization");
        }

        // Assign the course to the team, due in two days.
        var due = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        await Page.GotoAsync($"/organizations/{orgId}/assignments");
        await Page.Locator($"#course-{CourseId}").CheckAsync();
        await Page.GetByLabel("Assign to", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Team: Outpatient" });
        await Page.GetByLabel("Due date").FillAsync(due.ToString("yyyy-MM-dd"));
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Course assigned");

        await CompleteAsync(staff[0].Id);

        // Four days later the other one is overdue (sign in again: the clock moved past the cookie's life).
        factory.Clock.Advance(TimeSpan.FromDays(4));
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(Page, director.Email!);
        await Page.GotoAsync($"/organizations/{orgId}/compliance");
        var rows = Page.Locator("#compliance tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Filter(new() { HasText = staff[0].Email! })).ToContainTextAsync("Completed ");
        await Expect(rows.Filter(new() { HasText = staff[1].Email! })).ToContainTextAsync($"Overdue (due {due.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"))})");
        await Expect(Page.Locator("#status-team")).ToContainTextAsync("50 % of 2 person-course assignments");
        await AssertAccessibleAsync();

        // The CSV has exactly the rows and cells on screen.
        var screen = new List<string>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var cells = await rows.Nth(i).Locator("th, td").AllInnerTextsAsync();
            screen.Add(string.Join("|", cells.Select(c => c.Trim())));
        }
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("#csv-link").ClickAsync());
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => string.Join("|", ParseCsvLine(l))).ToList();
        Assert.Equal(screen, lines);
    });

    private static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { current.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else { current.Append(c); }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
