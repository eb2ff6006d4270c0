using ReferralTraining.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

public sealed class CertificateJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
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

    [Fact]
    public Task Clinician_ClaimsCredit_DownloadsThePdf_BoardVerifies_ThenSeesItRevoked() => JourneyAsync(nameof(Clinician_ClaimsCredit_DownloadsThePdf_BoardVerifies_ThenSeesItRevoked), async () =>
    {
        // A counselor who has read the course and passed its quiz.
        var user = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
            await courses.EnrollAsync(user.Id, CourseId, CancellationToken.None);
            var versionId = await db.Courses.Where(c => c.Id == CourseId).Select(c => c.CurrentVersionId).SingleAsync();
            var modules = await db.CourseModules.CountAsync(m => m.CourseVersionId == versionId);
            for (var n = 1; n <= modules; n++)
            {
                await courses.RecordReadingAsync(user.Id, CourseId, n, CancellationToken.None);
            }
            var (attempt, _) = await quizzes.StartAsync(user.Id, CourseId, CancellationToken.None);
            await quizzes.SubmitAsync(user.Id, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
                q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
            // The course requires its practice scenario (issue 19): played on its keyed path, as a clinician would.
            await scope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Features.Scenarios.ScenarioService>().PassRequiredAsync(user.Id, CourseId, CancellationToken.None);
        }
        await SignInAsync(Page, user.Email!);

        await Page.GotoAsync($"/courses/{CourseId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Evaluate and claim credit" }).ClickAsync();
        await AssertAccessibleAsync();
        await Page.Locator("#ev-Relevance-5").CheckAsync();
        await Page.Locator("#ev-ObjectivesMet-4").CheckAsync();
        await Page.Locator("#ev-bias-yes").CheckAsync();
        // Each objective met (issue 22 item 4): one yes / partly / no per objective, then intent to change.
        foreach (var met in await Page.Locator("#objectives-met input[value='Yes']").AllAsync())
        {
            await met.CheckAsync();
        }
        await Page.Locator("#ev-intent-Yes").CheckAsync();
        await Page.GetByLabel("Practice").First.SelectOptionAsync("intensive-referral");
        await Page.Locator("#Evaluation_Commitments_0__Text").FillAsync("Call a volunteer with the patient in the room at the first session");
        await Page.Locator("#Evaluation_Commitments_0__ExpectedPatients").FillAsync("8");
        await Page.Locator("#cm-0-conf-4").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Submit evaluation" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("evaluation and commitments are saved");

        await Page.Locator("#credit-naadac").CheckAsync();
        await Page.GetByLabel("Amount you are claiming").FillAsync("0.5");
        await Page.GetByLabel("I completed this activity myself").CheckAsync();
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Claim credit" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Certificates and transcript" })).ToBeVisibleAsync();

        // The issuing job runs in the background; the row appears within seconds.
        var row = Page.Locator("tr[data-code]");
        await Eventually.TrueAsync(async () =>
        {
            if (await row.CountAsync() > 0)
            {
                return true;
            }
            await Page.ReloadAsync();
            return false;
        }, "the issued certificate's row on the certificates page");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("0.5 NAADAC CE hours");
        await AssertAccessibleAsync();
        var code = (await row.GetAttributeAsync("data-code"))!;

        var download = await Page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "PDF" }).ClickAsync());
        var path = await download.PathAsync();
        var head = new byte[4];
        await using (var file = File.OpenRead(path!))
        {
            await file.ReadExactlyAsync(head);
        }
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(head));

        // A licensing board, not signed in, types the code.
        var board = await Fixture.Browser.NewPageAsync(new() { BaseURL = Fixture.BaseUrl });
        await board.GotoAsync("/verify");
        await board.GetByLabel("Certificate code").FillAsync(code.ToLowerInvariant());
        await board.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(board.Locator("[data-testid=verify-status]")).ToHaveTextAsync("Valid");
        await Expect(board.Locator("[data-testid=verify-holder]")).ToHaveTextAsync("Test Clinician");

        // An admin revokes it with a reason.
        var admin = await Fixture.Factory.CreateUserAsync(Roles.Admin);
        var adminPage = await Fixture.Browser.NewPageAsync(new() { BaseURL = Fixture.BaseUrl });
        await SignInAsync(adminPage, admin.Email!);
        await adminPage.GotoAsync($"/admin/certificates?q={code}");
        await adminPage.GetByLabel("Reason (shown to boards)").FillAsync("Completion could not be confirmed");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        // Revocation is permanent: a second step says so before anything changes.
        await Expect(adminPage.GetByTestId("confirm-step")).ToContainTextAsync("What cannot be undone");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Revoke permanently" }).ClickAsync();
        await Expect(adminPage.GetByRole(AriaRole.Status)).ToContainTextAsync("revoked");

        await board.ReloadAsync();
        await Expect(board.Locator("[data-testid=verify-status]")).ToHaveTextAsync("Revoked");
        await Expect(board.Locator(".verify-result")).ToContainTextAsync("Completion could not be confirmed");
        await board.CloseAsync();
        await adminPage.CloseAsync();
    });
}
