using System.Net;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.IntegrationTests.Features.Courses;

public sealed class CoursePlayerTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    [Fact]
    public async Task Catalogue_AndCoursePage_ArePublic_AndShowObjectivesModulesAndReferences()
    {
        using var client = PageClient.For(Factory);
        var (_, catalog) = await client.GetAsync("/courses");
        Assert.Equal("Sample course for tests", catalog.QuerySelector(".card h2 a")!.TextContent);

        var (response, page) = await client.GetAsync("/courses/sample-course");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Describe the first thing.", "List the second thing."], page.QuerySelectorAll("main h2 + ul li").Take(2).Select(li => li.TextContent.Trim()));
        Assert.Equal(2, page.QuerySelectorAll(".module-list li").Length);
        Assert.Contains("Smith A. A fictional reference", page.GetElementById("ref-smith-2020")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/courses/no-such-course")).Response.StatusCode);
    }

    [Fact]
    public async Task Clinician_EnrolsReadsEveryModule_AndReadingIsComplete()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);

        var (enrolled, _) = await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form.enroll");
        Assert.Equal("/courses/sample-course#disclosures", enrolled.Headers.Location?.ToString());
        var (acknowledged, _) = await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form[action*=Acknowledge]");
        Assert.Equal("/courses/sample-course/modules/1", acknowledged.Headers.Location?.ToString());

        var (_, module1) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Equal("The first module", module1.QuerySelector("h1")!.TextContent);
        Assert.Contains("Smith A. A fictional reference", module1.GetElementById("ref-smith-2020")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("<script>alert", module1.QuerySelector("article")!.TextContent, StringComparison.Ordinal); // shown as text, not run
        Assert.Null(module1.QuerySelector("article script"));

        var (next, _) = await ReadThenMarkAsync(client, "/courses/sample-course/modules/1", TimeSpan.FromMinutes(1));
        Assert.Equal("/courses/sample-course/modules/2", next.Headers.Location?.ToString());
        // Marking the same module twice (double click, retry) records it once, and a module already read needs no more time.
        await client.SubmitAsync("/courses/sample-course/modules/1", new Dictionary<string, string>(), "main .module-actions form");
        var (_, module1Again) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Contains("1 of 2 read", module1Again.QuerySelector("p.meta")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Read · go on", module1Again.QuerySelector("main .module-actions button")!.TextContent.Trim());
        var (_, halfway) = await client.GetAsync("/courses/sample-course");
        Assert.Equal("50%", halfway.QuerySelector("[data-testid=progress-percent]")!.TextContent);

        var (done, _) = await ReadThenMarkAsync(client, "/courses/sample-course/modules/2", TimeSpan.FromMinutes(20));
        Assert.Equal("/courses/sample-course", done.Headers.Location?.ToString());
        var (_, complete) = await client.GetAsync("/courses/sample-course");
        Assert.Equal("100%", complete.QuerySelector("[data-testid=progress-percent]")!.TextContent);
        Assert.NotNull(complete.QuerySelector(".complete"));

        var enrollment = await QueryAsync(db => db.Enrollments.Include(e => e.Progress).SingleAsync(e => e.UserId == user.Id));
        Assert.NotNull(enrollment.ReadingCompletedAt);
        Assert.Equal([1, 2], enrollment.Progress.Select(p => p.ModuleNumber).Order());
    }

    [Fact]
    public async Task AModuleView_StartsNoClock_BeforeTheAcknowledgment_OrForAModuleTheCourseDoesNotHave()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (notEnrolled, _) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Equal("/courses/sample-course", notEnrolled.Headers.Location?.ToString());

        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form.enroll");
        var (notAcknowledged, _) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Equal("/courses/sample-course#disclosures", notAcknowledged.Headers.Location?.ToString());
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form[action*=Acknowledge]");
        var (noSuchModule, _) = await client.GetAsync("/courses/sample-course/modules/3");
        Assert.Equal(HttpStatusCode.NotFound, noSuchModule.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.ModuleEngagement.CountAsync(g => db.Enrollments.Any(e => e.Id == g.EnrollmentId && e.UserId == user.Id))));

        var (module2, page) = await client.GetAsync("/courses/sample-course/modules/2");
        Assert.Equal(HttpStatusCode.OK, module2.StatusCode);
        Assert.Contains("0 of 2 read", page.QuerySelector("p.meta")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await EngagedSecondsAsync(user.Id, 2));
    }

    /// <summary>Opens the module page, lets <paramref name="reading"/> pass on the app's clock, then posts its "mark as read" form.</summary>
    private async Task<(HttpResponseMessage Response, AngleSharp.Dom.IDocument Document)> ReadThenMarkAsync(PageClient client, string url, TimeSpan reading, IDictionary<string, string>? form = null)
    {
        var values = form ?? await FormValuesAsync(client, url);
        Factory.Clock.Advance(reading);
        return await client.PostAsync(url, values);
    }

    /// <summary>Serves the module page (which starts its clock) and returns the hidden fields of its "mark as read" form.</summary>
    private static async Task<Dictionary<string, string>> FormValuesAsync(PageClient client, string url)
    {
        var (response, page) = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll("#module-read-form input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
    }

    private async Task<int> EngagedSecondsAsync(Guid userId, int module) =>
        await QueryAsync(db => db.ModuleEngagement.Where(g => g.ModuleNumber == module && db.Enrollments.Any(e => e.Id == g.EnrollmentId && e.UserId == userId))
            .Select(g => g.EngagedSeconds).SingleAsync());

    [Fact]
    public async Task MarkingReadAtOnce_IsRefusedWithHowMuchLonger_AndAcceptedAfterTheMinimumShare_WithoutJavaScript()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form.enroll");
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form[action*=Acknowledge]");
        Factory.Clock.Freeze(); // seconds are counted exactly: only the test moves time
        var words = await QueryAsync(db => db.CourseModules.Where(m => m.Number == 2).Select(m => m.WordCount).FirstAsync());
        var estimated = ReadingTimeOptions.EstimatedSeconds(words);
        var required = (int)Math.Ceiling(estimated * 0.5); // the documented default share
        Assert.True(required > 60, $"module 2 of the sample course should need more than a minute; it needs {required} s");

        var form = await FormValuesAsync(client, "/courses/sample-course/modules/2");
        var (refused, page) = await client.PostAsync("/courses/sample-course/modules/2", form);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var message = page.QuerySelector(".error-summary[role=alert]")!.TextContent;
        Assert.Contains("cannot be marked as read yet", message, StringComparison.Ordinal);
        Assert.Contains($"at least {ModuleReadingTime.Format(required)} (50% of its estimated {ModuleReadingTime.Format(estimated)})", message, StringComparison.Ordinal);
        Assert.Contains("Please keep reading for about", message, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.ModuleProgress.CountAsync()));

        // Not quite enough: still refused, and the message counts the time recorded so far.
        var (stillRefused, stillPage) = await ReadThenMarkAsync(client, "/courses/sample-course/modules/2", TimeSpan.FromSeconds(required - 10), form);
        Assert.Contains($"{ModuleReadingTime.Format(required - 10)} of reading is recorded", stillPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.ModuleProgress.CountAsync()));

        var (accepted, _) = await ReadThenMarkAsync(client, "/courses/sample-course/modules/2", TimeSpan.FromSeconds(10), form);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(1, await QueryAsync(db => db.ModuleProgress.CountAsync(p => p.ModuleNumber == 2)));
        Assert.Equal(required, await EngagedSecondsAsync(user.Id, 2));
    }

    [Fact]
    public async Task WithoutJavaScript_TheStretchFromPageToPost_IsCreditedAtMostTheModulesEstimatedTime_AndReopeningEarnsNothing()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form.enroll");
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form[action*=Acknowledge]");
        Factory.Clock.Freeze();
        var words = await QueryAsync(db => db.CourseModules.Where(m => m.Number == 1).Select(m => m.WordCount).FirstAsync());

        // A tab left open for twenty minutes (the sign-in's idle limit is hours) earns the module's estimated time, not the twenty minutes.
        await ReadThenMarkAsync(client, "/courses/sample-course/modules/1", TimeSpan.FromMinutes(20));
        Assert.Equal(ReadingTimeOptions.EstimatedSeconds(words), await EngagedSecondsAsync(user.Id, 1));

        // Opening module 2, leaving, and opening it again later: the gap is not credited.
        await client.GetAsync("/courses/sample-course/modules/2");
        Factory.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/courses/sample-course/modules/2")).Response.StatusCode);
        Assert.Equal(0, await EngagedSecondsAsync(user.Id, 2));
    }

    [Fact]
    public async Task Heartbeats_CreditRealSecondsCapped_NothingWhileHidden_AndNeedTheAntiforgeryTokenAndAnOpenView()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form.enroll");
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form[action*=Acknowledge]");
        Factory.Clock.Freeze();
        const string heartbeat = "/courses/sample-course/modules/2?handler=Heartbeat";

        // No view of the module yet: nothing to credit.
        var form = await FormValuesAsync(client, "/courses/sample-course/modules/1");
        var (noView, _) = await client.PostAsync(heartbeat, new Dictionary<string, string>(form) { ["visible"] = "true" });
        Assert.Equal(HttpStatusCode.NotFound, noView.StatusCode);

        var (_, page) = await client.GetAsync("/courses/sample-course/modules/2");
        var token = page.QuerySelector("#module-read-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal("/courses/sample-course/modules/2?handler=Heartbeat", page.QuerySelector("#module-read-form")!.GetAttribute("data-heartbeat-url"));
        Assert.Equal("15", page.QuerySelector("#module-read-form")!.GetAttribute("data-heartbeat-seconds"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/reading-time.js']"));
        async Task<HttpStatusCode> Beat(bool visible) =>
            (await client.PostAsync(heartbeat, new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["visible"] = visible ? "true" : "false" })).Response.StatusCode;

        Factory.Clock.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(HttpStatusCode.NoContent, await Beat(true));
        Assert.Equal(12, await EngagedSecondsAsync(user.Id, 2));

        // A laptop asleep for ten minutes: one heartbeat credits at most the cap (30 s by default).
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.NoContent, await Beat(true));
        Assert.Equal(42, await EngagedSecondsAsync(user.Id, 2));

        // Hidden (another tab): the report credits up to then; the hidden stretch is not credited when it comes back.
        Factory.Clock.Advance(TimeSpan.FromSeconds(5));
        await Beat(false);
        Assert.Equal(47, await EngagedSecondsAsync(user.Id, 2));
        Factory.Clock.Advance(TimeSpan.FromMinutes(20));
        await Beat(true);
        Assert.Equal(47, await EngagedSecondsAsync(user.Id, 2));

        // Marking read while the script runs: the last stretch is capped like a heartbeat, not the no-JavaScript cap.
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var (refused, refusedPage) = await client.PostAsync("/courses/sample-course/modules/2", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        Assert.Contains("1 min 17 s of reading is recorded", refusedPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        // Without the antiforgery token a heartbeat is refused and credits nothing.
        Factory.Clock.Advance(TimeSpan.FromSeconds(10));
        var (forged, _) = await client.PostAsync(heartbeat, new Dictionary<string, string> { ["visible"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(77, await EngagedSecondsAsync(user.Id, 2));
        _ = refused;
    }

    [Fact]
    public async Task Modules_RequireEnrollment_AndAClinicianRole()
    {
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(clinician.Email!);
        var (notEnrolled, _) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Equal("/courses/sample-course", notEnrolled.Headers.Location?.ToString());
        var (post, _) = await client.PostAsync("/courses/sample-course/modules/1", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode); // no antiforgery token
        Assert.Equal(0, await QueryAsync(db => db.ModuleProgress.CountAsync()));

        var director = await Factory.CreateUserAsync(Roles.ProgramDirector);
        using var directorClient = PageClient.For(Factory);
        await directorClient.SignInAsync(director.Email!);
        var (forbidden, _) = await directorClient.GetAsync("/courses/sample-course/modules/1");
        Assert.Contains("access-denied", forbidden.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModuleNumberOutOfRange_IsNotFound_AndRecordsNothing()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form.enroll");
        await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form[action*=Acknowledge]");
        var (missing, _) = await client.GetAsync("/courses/sample-course/modules/3");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.ModuleProgress.CountAsync()));
    }
}
