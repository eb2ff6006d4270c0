using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.PracticeChange;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

public sealed class PracticeChangeJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string CourseId = "intensive-referral";
    private const string PeerSecret = "PEER-PRIVATE-barrier-about-my-manager";

    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/accounts/login");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Fixture.CompleteSecondStepAsync(page, email);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Welcome");
    }

    /// <summary>A zone where it is daytime now, so nudges are not held back by quiet hours whatever time the suite runs.</summary>
    private string DaytimeZone() => TestZones.Where(Fixture.Factory.Clock, h => h is >= 10 and < 17);

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Enrol, read every module and pass the quiz through the app's services (the evaluation is left to the caller).</summary>
    private Task<bool> PassAsync(Guid userId) => WithAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var courses = sp.GetRequiredService<CourseService>();
        var quizzes = sp.GetRequiredService<QuizService>();
        await courses.EnrollAsync(userId, CourseId, CancellationToken.None);
        var versionId = await db.Courses.Where(c => c.Id == CourseId).Select(c => c.CurrentVersionId).SingleAsync();
        foreach (var n in await db.CourseModules.Where(m => m.CourseVersionId == versionId).Select(m => m.Number).ToListAsync())
        {
            await courses.RecordReadingAsync(userId, CourseId, n, CancellationToken.None);
        }
        var (attempt, _) = await quizzes.StartAsync(userId, CourseId, CancellationToken.None);
        await quizzes.SubmitAsync(userId, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
            q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
        // The course requires its practice scenario (issue 19): played on its keyed path, as a clinician would.
        await sp.GetRequiredService<ReferralTraining.Web.Features.Scenarios.ScenarioService>().PassRequiredAsync(userId, CourseId, CancellationToken.None);
        return true;
    });

    private Task<FollowUpJob.RunResult> RunFollowUpsAsync() => WithAsync(sp => sp.GetRequiredService<FollowUpJob>().RunAsync(CancellationToken.None));

    private Task<bool> PeersAnswerAsync(IEnumerable<Guid> peers, int offsetDays) => WithAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        foreach (var peer in peers)
        {
            var followUp = await db.Set<FollowUp>().AsNoTracking().SingleAsync(f => f.UserId == peer && f.OffsetDays == offsetDays);
            var ids = await db.Set<Commitment>().Where(c => c.UserId == peer).Select(c => c.Id).ToListAsync();
            using var scope = Fixture.Factory.Services.CreateScope();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<PracticeChangeService>().SaveAsync(followUp.Id,
                ids.Select(id => new ResponseInput(id, Implementation.Partly, 2, ["time"], PeerSecret, PeerSecret)).ToList(), null, CancellationToken.None));
        }
        return true;
    });

    /// <summary>Opens the follow-up link from the e-mail in a fresh, signed-out browser (as on a phone) and answers.</summary>
    private async Task AnswerFromEmailAsync(string email, string subjectStart, string expectedConfirmation)
    {
        var message = await Fixture.Smtp.WaitForMessageAsync(email, m => m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true
            && m.TextBody?.Contains($"{(expectedConfirmation.Contains("certificate", StringComparison.Ordinal) ? 90 : 30)} days ago", StringComparison.Ordinal) == true);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        // The test host's public base URL is not the browser's; the path is what the link carries.
        var link = new Uri(SmtpSink.LinkIn(message, "/follow-up/")).PathAndQuery;
        await using var phone = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Fixture.BaseUrl, ViewportSize = new() { Width = 360, Height = 740 } });
        var page = await phone.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("follow-up");
        await Expect(page.Locator(".own-words").First).ToContainTextAsync("Call a volunteer with the patient in the room");
        await page.Locator("#r-0-Fully").CheckAsync();
        await page.Locator("#Responses_0__PatientsReached").FillAsync("5");
        await page.Locator("#r-1-Partly").CheckAsync();
        await page.Locator("#Responses_1__PatientsReached").FillAsync("3");
        await page.Locator("#b-1-no-suitable-group").CheckAsync();
        await page.Locator("#Responses_1__Helped").FillAsync("MY-OWN-PRIVATE-helped-text");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(expectedConfirmation);
    }

    [Fact]
    public Task Clinician_Commits_AnswersBothFollowUpsFromEmail_EarnsPracticeCertificate_DirectorSeesOnlyAggregates() =>
        JourneyAsync(nameof(Clinician_Commits_AnswersBothFollowUpsFromEmail_EarnsPracticeCertificate_DirectorSeesOnlyAggregates), async () =>
    {
        var factory = Fixture.Factory;
        var zone = DaytimeZone();
        var director = await factory.CreateUserAsync(Roles.ProgramDirector);
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var clinician = await factory.CreateUserAsync(Roles.Clinician);
        var peers = new List<AppUser>();
        for (var i = 0; i < 5; i++)
        {
            peers.Add(await factory.CreateUserAsync(Roles.Clinician));
        }
        var orgId = await WithAsync(async sp =>
        {
            var organizations = sp.GetRequiredService<OrganizationService>();
            var created = await organizations.CreateOrganizationAsync($"Outcomes Program {Guid.NewGuid():N}"[..30], director.Email, admin.Id, CancellationToken.None);
            Assert.True(created.Ok, created.Error);
            foreach (var person in peers.Append(clinician))
            {
                var invited = await organizations.InviteAsync(created.Value, person.Email, OrganizationRole.Staff, null, null, null, CancellationToken.None);
                Assert.True(invited.Ok, invited.Error);
                // The token travels only in the e-mail: read it from the recorded message, as the person would.
                var body = await sp.GetRequiredService<AppDbContext>().OutboundEmails
                    .Where(e => e.To == person.Email && e.TextBody.Contains("/invitations/accept?token="))
                    .OrderByDescending(e => e.CreatedAt).Select(e => e.TextBody).FirstAsync();
                var token = Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(body, @"/invitations/accept\?token=([^\s&]+)").Groups[1].Value);
                Assert.True((await organizations.AcceptAsync(token, person.Id, CancellationToken.None)).Ok);
            }
            await sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == clinician.Id || peers.Select(p => p.Id).Contains(u.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, zone));
            return created.Value;
        });

        // Peers finish the course with a commitment, so the director's outcomes pass the small-cell threshold.
        foreach (var peer in peers)
        {
            await PassAsync(peer.Id);
            Assert.Empty(await WithAsync(sp => sp.GetRequiredService<CreditService>().SubmitEvaluationAsync(peer.Id, CourseId,
                new EvaluationInput(4, true, 4, null, [new("intensive-referral", $"{PeerSecret} commitment wording", 3, 3)], TestEvaluations.AllMet(TestEvaluations.IntensiveReferralObjectives), IntentToChange.Yes), CancellationToken.None)));
        }

        // The clinician evaluates the course in the browser and writes two commitments; the incentive is visible up front.
        await PassAsync(clinician.Id);
        await SignInAsync(Page, clinician.Email!);
        await Page.GotoAsync($"/certificates/claim/{CourseId}");
        await Expect(Page.Locator(".notice").Filter(new() { HasText = "practice-improvement credit" })).ToContainTextAsync("Earn 0.25 NAADAC CE hours");
        await Page.Locator("#ev-Relevance-5").CheckAsync();
        await Page.Locator("#ev-ObjectivesMet-5").CheckAsync();
        await Page.Locator("#ev-bias-yes").CheckAsync();
        // Each objective met (issue 22 item 4): one yes / partly / no per objective, then intent to change.
        foreach (var met in await Page.Locator("#objectives-met input[value='Yes']").AllAsync())
        {
            await met.CheckAsync();
        }
        await Page.Locator("#ev-intent-Yes").CheckAsync();
        await Page.Locator("#Evaluation_Commitments_0__PracticeId").SelectOptionAsync("intensive-referral");
        await Page.Locator("#Evaluation_Commitments_0__Text").FillAsync("Call a volunteer with the patient in the room before the first session ends");
        await Page.Locator("#Evaluation_Commitments_0__ExpectedPatients").FillAsync("8");
        await Page.Locator("#cm-0-conf-4").CheckAsync();
        await Page.Locator("#Evaluation_Commitments_1__PracticeId").SelectOptionAsync("name-specific-meeting");
        await Page.Locator("#Evaluation_Commitments_1__Text").FillAsync("Write the meeting day, time and place on every referral");
        await Page.Locator("#Evaluation_Commitments_1__ExpectedPatients").FillAsync("10");
        await Page.Locator("#cm-1-conf-5").CheckAsync();
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Submit evaluation" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("commitments are saved");
        await Page.GotoAsync("/");
        await Expect(Page.Locator(".practice-plan")).ToContainTextAsync("Earn 0.25 NAADAC CE hours");
        await Expect(Page.Locator(".practice-plan")).ToContainTextAsync("Next follow-up:");

        // 30 days later: the nudge e-mail, answered from the link without signing in.
        factory.Clock.Advance(TimeSpan.FromDays(30));
        await RunFollowUpsAsync();
        await AnswerFromEmailAsync(clinician.Email!, "How is your practice change going?", "Your answers are saved");
        await PeersAnswerAsync(peers.Select(p => p.Id), 30);

        // 90 days: the final follow-up earns the practice-improvement certificate.
        factory.Clock.Advance(TimeSpan.FromDays(60));
        await RunFollowUpsAsync();
        await AnswerFromEmailAsync(clinician.Email!, "How is your practice change going?", "practice-improvement certificate is being issued");
        await PeersAnswerAsync(peers.Select(p => p.Id), 90);

        await SignInAsync(Page, clinician.Email!);
        await Eventually.TrueAsync(() => WithAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AnyAsync(c => c.UserId == clinician.Id)),
            "the practice-improvement certificate");
        await Page.GotoAsync("/certificates");
        await Expect(Page.Locator("main")).ToContainTextAsync("practice-change follow-up");
        await Expect(Page.Locator("main")).ToContainTextAsync("NAADAC CE hours");

        // The director sees aggregates labeled with Moore's levels, never anyone's own words.
        await SignInAsync(Page, director.Email!);
        await Page.GotoAsync($"/organizations/{orgId}/outcomes");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Practice outcomes");
        var implemented = Page.Locator("section", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "Changes implemented (latest follow-up answered)" }) });
        await Expect(implemented).ToContainTextAsync("Moore level 5");
        var row = implemented.Locator("tr", new() { HasText = "Use intensive referral" });
        await Expect(row.Locator("td").First).ToHaveTextAsync("6"); // six people answered about intensive referral
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("<5"); // only the clinician answered "fully": suppressed
        var html = await Page.ContentAsync();
        Assert.DoesNotContain(PeerSecret, html, StringComparison.Ordinal);
        Assert.DoesNotContain("MY-OWN-PRIVATE-helped-text", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Call a volunteer with the patient in the room", html, StringComparison.Ordinal);
        await AssertAccessibleAsync();
    });
}
