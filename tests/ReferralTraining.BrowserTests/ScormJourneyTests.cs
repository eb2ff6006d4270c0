using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Scorm;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

/// <summary>
/// Issue 23 item 5: a director downloads the package, a second origin (TestLms) serves it with scorm-again as the
/// LMS's runtime, and a learner launched from there reads a module and passes the quiz inside the LMS's frames; the
/// runtime then holds the status, score and session time the launcher wrote, and, once credit is claimed, the
/// certificate's verify link. Cross-site: the LMS is http://localhost:port while the app is http://127.0.0.1:port
/// (hosts differ, so they are different sites to Chromium; both are secure contexts, so the launcher can sign and the
/// Secure partitioned cookies are accepted), in a Chromium that blocks third-party cookies: only the partitioned
/// cookies of ADR-032 can carry the session, the antiforgery token of every form post included.
/// </summary>
public sealed class ScormJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string CourseId = "intensive-referral";

    [Theory]
    [InlineData("1.2", false)]
    [InlineData("1.2", true)]
    [InlineData("2004", true)]
    public Task LmsLearner_LaunchedFromAnotherOrigin_ReadsAModule_PassesTheQuiz_AndTheRuntimeRecordsIt(string version, bool crossSite) =>
        JourneyAsync($"scorm-{version}-{(crossSite ? "cross-site" : "same-site")}", async () =>
    {
        // The launcher signs with the browser's real clock: the app's clock must be real time too (an earlier test may have moved it).
        Fixture.Factory.Clock.Reset();
        await using var lms = await TestLms.StartAsync(crossSite);
        var director = await Fixture.Factory.CreateUserAsync(Roles.ProgramDirector);
        var admin = await Fixture.Factory.CreateUserAsync(Roles.Admin);
        Guid orgId;
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<OrganizationService>()
                .CreateOrganizationAsync("Riverside LMS test", director.Email, admin.Id, CancellationToken.None);
            Assert.True(created.Ok, created.Error);
            orgId = created.Value;
        }

        // The director lists the LMS's origin and downloads the package.
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(director.Email!);
        await Page.GetByLabel("Password").FillAsync(Tests.Shared.AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Fixture.CompleteSecondStepAsync(Page, director.Email!);
        await Page.GotoAsync($"/organizations/{orgId}/lms");
        await Page.GetByLabel("LMS origins").FillAsync(lms.Origin);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save origins" }).ClickAsync();
        await Expect(Page.GetByText("LMS origins saved.")).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        var download = await Page.RunAndWaitForDownloadAsync(() =>
            Page.Locator($"#packages form:has(input[name=CourseId][value='{CourseId}']):has(input[name=Version][value='{version}']) button").ClickAsync());
        var zip = Path.Combine(Path.GetTempPath(), $"rt-scorm-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(zip);
        lms.Import(zip, "pkg");
        File.Delete(zip);

        // A learner launches it from the LMS, in a browser of their own (cross-site: one that blocks third-party cookies).
        await using var thirdPartyBlocking = crossSite ? await ThirdPartyCookieBlockingBrowserAsync() : null;
        await using var learnerContext = await (thirdPartyBlocking?.Browser ?? Fixture.Browser).NewContextAsync();
        var lmsPage = await learnerContext.NewPageAsync();
        var learnerId = $"emp-{Guid.NewGuid():N}"[..16];
        await lmsPage.GotoAsync($"{lms.Origin}/lms.html?v={version}&id={learnerId}&name={Uri.EscapeDataString("Rivera, Ana")}&pkg=/pkg");
        var course = lmsPage.FrameLocator("#sco").FrameLocator("#rt-frame");
        var acknowledge = course.GetByRole(AriaRole.Button, new() { Name = "I have read the disclosures: start module 1" });
        try
        {
            await Expect(acknowledge).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        catch (PlaywrightException)
        {
            Assert.Fail("The course did not open in the LMS's frame. The frames showed: " + await DescribeFramesAsync(lmsPage));
        }
        await WaitForRuntimeAsync(lmsPage, version == "1.2" ? "cmi.core.lesson_status" : "cmi.completion_status", "incomplete");

        var userId = await DbAsync(db => db.Set<ScormLearner>().Where(l => l.OrganizationId == orgId && l.LmsLearnerId == learnerId).Select(l => l.UserId).SingleAsync());
        int modules;
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            modules = await db.CourseModules.CountAsync(m => m.CourseVersionId == db.Courses.Where(c => c.Id == CourseId).Select(c => c.CurrentVersionId).Single());
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            for (var n = 2; n <= modules; n++)
            {
                await courses.RecordReadingAsync(userId, CourseId, n, CancellationToken.None);
            }
        }

        // Module 1 is read in the frame, after the disclosures: the app's clock moves and heartbeats credit the time (no waiting).
        await acknowledge.ClickAsync();
        var markRead = course.GetByRole(AriaRole.Button, new() { Name = "Mark as read and continue" });
        await Expect(markRead).ToBeVisibleAsync();
        await CreditReadingAsync(userId, 1);
        await markRead.ClickAsync();
        await Expect(course.GetByText("Module 1 marked as read.")).ToBeVisibleAsync();
        await WaitForRuntimeAsync(lmsPage, version == "1.2" ? "cmi.core.lesson_status" : "cmi.completion_status", "completed");

        // The quiz, passed with every answer right.
        var appFrame = lmsPage.Frames.Single(f => f.Url.StartsWith(Fixture.BaseUrl, StringComparison.Ordinal));
        await appFrame.GotoAsync($"{Fixture.BaseUrl}/quizzes/{CourseId}");
        await course.GetByRole(AriaRole.Button, new() { Name = "Start the quiz" }).ClickAsync();
        await AnswerAllRightAsync(course);
        await course.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();
        await Expect(course.GetByRole(AriaRole.Heading, new() { Name = "Attempt 1: passed" })).ToBeVisibleAsync();

        if (version == "1.2")
        {
            await WaitForRuntimeAsync(lmsPage, "cmi.core.lesson_status", "passed");
            Assert.Equal("100", await RuntimeAsync(lmsPage, "cmi.core.score.raw"));
            Assert.Equal("0", await RuntimeAsync(lmsPage, "cmi.core.score.min"));
            Assert.Equal("100", await RuntimeAsync(lmsPage, "cmi.core.score.max"));
            Assert.Matches(@"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$", await RuntimeAsync(lmsPage, "cmi.core.session_time"));
        }
        else
        {
            await WaitForRuntimeAsync(lmsPage, "cmi.success_status", "passed");
            Assert.Equal("completed", await RuntimeAsync(lmsPage, "cmi.completion_status"));
            Assert.Equal("100", await RuntimeAsync(lmsPage, "cmi.score.raw"));
            Assert.Equal(1.0, double.Parse(await RuntimeAsync(lmsPage, "cmi.score.scaled"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Matches(@"^PT\d+H\d+M\d+(\.\d{1,2})?S$", await RuntimeAsync(lmsPage, "cmi.session_time"));
        }
        // Credit is claimed (the evaluation and claim forms are another journey's), the certificate is issued, and the
        // next page the learner opens in the LMS carries its verify link to the runtime; then the attempt is finished.
        var verifyUrl = await ClaimCreditAsync(userId);
        await appFrame.GotoAsync($"{Fixture.BaseUrl}/courses/{CourseId}");
        await WaitForRuntimeAsync(lmsPage, version == "1.2" ? "cmi.comments" : "cmi.comments_from_learner.0.comment", "Certificate: " + verifyUrl);
        var log = await lmsPage.EvaluateAsync<string[]>("() => window.lmsLog.map(e => e.kind)");
        Assert.Contains("commit", log);
        Assert.Equal("finish", log[^1]);
        if (crossSite)
        {
            // The session rode on partitioned cookies only (keyed by the LMS's site), and this browser really blocks
            // unpartitioned third-party cookies: a plain SameSite=None cookie written in the framed app does not stick.
            Assert.False(await appFrame.EvaluateAsync<bool>("""
                () => { document.cookie = "rt-probe=1; SameSite=None; Secure; Path=/"; return document.cookie.includes("rt-probe"); }
                """));
            Assert.True(await appFrame.EvaluateAsync<bool>("""
                () => { document.cookie = "rt-probe2=1; SameSite=None; Secure; Path=/; Partitioned"; return document.cookie.includes("rt-probe2"); }
                """));
        }
        // The same LMS learner id was mapped to one account, a staff member of the organization.
        Assert.Equal(1, await DbAsync(db => db.Set<ScormLearner>().CountAsync(l => l.LmsLearnerId == learnerId)));
        Assert.True(await DbAsync(db => db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == orgId && m.UserId == userId && m.Role == OrganizationRole.Staff)));
        // Later tests and their launches see real time again (this one moved the clock to credit reading time).
        Fixture.Factory.Clock.Reset();
    });

    /// <summary>
    /// A value the runtime holds, read from scorm-again's data model (after Finish its GetValue answers nothing).
    /// Write-only elements (session time) are read through the model's JSON-export switch.
    /// </summary>
    private static Task<string> RuntimeAsync(IPage lms, string element) => lms.EvaluateAsync<string>("""
        element => {
            const path = element.split(".").slice(1);
            let node = window.lmsApi.cmi;
            for (const part of path.slice(0, -1)) { node = /^\d+$/.test(part) ? node.childArray[Number(part)] : node[part]; }
            node.jsonString = true;
            try { return String(node[path[path.length - 1]]); } finally { node.jsonString = false; }
        }
        """, element);

    private static async Task WaitForRuntimeAsync(IPage lms, string element, string expected)
    {
        try
        {
            await lms.WaitForFunctionAsync("""
                ([element, expected]) => {
                    const path = element.split(".").slice(1);
                    let node = window.lmsApi.cmi;
                    for (const part of path) { node = node == null ? node : /^\d+$/.test(part) ? node.childArray[Number(part)] : node[part]; }
                    return node === expected;
                }
                """, new object[] { element, expected }, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var log = await lms.EvaluateAsync<string>("() => JSON.stringify(window.lmsLog)");
            Assert.Fail($"The LMS runtime never held {element} = {expected}; it was '{await RuntimeAsync(lms, element)}'. What the content wrote: {log}");
        }
    }

    /// <summary>Each frame's address and the start of its text, for a failure message.</summary>
    private static async Task<string> DescribeFramesAsync(IPage page)
    {
        var parts = new List<string>();
        foreach (var frame in page.Frames)
        {
            string text;
            try
            {
                text = await frame.EvaluateAsync<string>("() => (document.body ? document.body.innerText : '').slice(0, 600)");
            }
            catch (PlaywrightException e)
            {
                text = "(unreadable: " + e.Message + ")";
            }
            parts.Add($"[{frame.Url}] {text}");
        }
        return string.Join(" | ", parts);
    }

    /// <summary>The course's required scenario, the evaluation and a claim, through the services; waits for the issued certificate's verify URL.</summary>
    private async Task<string> ClaimCreditAsync(Guid userId)
    {
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Features.Scenarios.ScenarioService>().PassRequiredAsync(userId, CourseId, CancellationToken.None);
            var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
            Assert.Empty(await credits.SubmitEvaluationAsync(userId, CourseId,
                new EvaluationInput(4, true, 4, null, Tests.Shared.TestCommitments.For("intensive-referral"),
                    Tests.Shared.TestEvaluations.AllMet(Tests.Shared.TestEvaluations.IntensiveReferralObjectives), IntentToChange.Yes), CancellationToken.None));
            var (claimId, errors) = await credits.ClaimAsync(userId, CourseId, "participation", 0.25m, attested: true, CancellationToken.None);
            Assert.True(claimId is not null, string.Join("; ", errors.Select(e => e.Message)));
        }
        string? code = null;
        await Tests.Shared.Eventually.TrueAsync(async () =>
        {
            code = await DbAsync(db => db.Certificates.Where(c => c.UserId == userId && c.Status == CertificateStatus.Active).Select(c => c.VerificationCode).FirstOrDefaultAsync());
            return code is not null;
        }, "the LMS learner's certificate");
        return $"{Fixture.BaseUrl}/verify/{Uri.EscapeDataString(code!)}";
    }

    /// <summary>A Chromium of its own that blocks third-party cookies as browsers phasing them out do (Chromium's test switch).</summary>
    private static async Task<BlockingBrowser> ThirdPartyCookieBlockingBrowserAsync()
    {
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--test-third-party-cookie-phaseout"],
        });
        return new BlockingBrowser(playwright, browser);
    }

    private sealed record BlockingBrowser(IPlaywright Playwright, IBrowser Browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.CloseAsync();
            Playwright.Dispose();
        }
    }

    /// <summary>Moves the app's clock and sends the heartbeats the open module page would, until the module's required time is recorded.</summary>
    private async Task CreditReadingAsync(Guid userId, int module)
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
        for (var i = 0; i < 200 && (await courses.ReadingTimeAsync(userId, CourseId, module, CancellationToken.None))!.SecondsStillNeeded > 0; i++)
        {
            Fixture.Factory.Clock.Advance(TimeSpan.FromSeconds(30));
            Assert.True(await courses.HeartbeatAsync(userId, CourseId, module, visible: true, CancellationToken.None), "the module page recorded no view");
        }
        Assert.Equal(0, (await courses.ReadingTimeAsync(userId, CourseId, module, CancellationToken.None))!.SecondsStillNeeded);
    }

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Answers every question right through the framed page; the key comes from the attempt's stored snapshot.</summary>
    private async Task AnswerAllRightAsync(IFrameLocator course)
    {
        await Expect(course.Locator("#quiz-form")).ToBeVisibleAsync();
        var attemptId = Guid.Parse((await course.Locator("#quiz-form").GetAttributeAsync("data-attempt-id"))!);
        var attempt = await DbAsync(db => db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        foreach (var q in attempt.Questions)
        {
            switch (q.Type)
            {
                case QuestionType.Ordering:
                    for (var i = 0; i < q.CorrectOrder.Count; i++)
                    {
                        await course.Locator($"#o-{q.QuestionId}-{q.CorrectOrder[i]}").SelectOptionAsync((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                    break;
                case QuestionType.Multiple:
                    foreach (var o in q.Options.Where(o => o.Correct))
                    {
                        await course.Locator($"#q-{q.QuestionId}-{o.Id}").CheckAsync();
                    }
                    break;
                default:
                    await course.Locator($"#q-{q.QuestionId}-{q.Options.First(o => o.Correct).Id}").CheckAsync();
                    break;
            }
        }
    }
}
