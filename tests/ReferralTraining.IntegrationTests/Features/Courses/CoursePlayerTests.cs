using System.Net;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;

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
        var (_, catalogue) = await client.GetAsync("/courses");
        Assert.Equal("Sample course for tests", catalogue.QuerySelector(".card h2 a")!.TextContent);

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
        Assert.Equal("/courses/sample-course/modules/1", enrolled.Headers.Location?.ToString());

        var (_, module1) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Equal("The first module", module1.QuerySelector("h1")!.TextContent);
        Assert.Contains("Smith A. A fictional reference", module1.GetElementById("ref-smith-2020")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("<script>alert", module1.QuerySelector("article")!.TextContent, StringComparison.Ordinal); // shown as text, not run
        Assert.Null(module1.QuerySelector("article script"));

        var (next, _) = await client.SubmitAsync("/courses/sample-course/modules/1", new Dictionary<string, string>(), "main .module-actions form");
        Assert.Equal("/courses/sample-course/modules/2", next.Headers.Location?.ToString());
        // Marking the same module twice (double click, retry) records it once.
        await client.SubmitAsync("/courses/sample-course/modules/1", new Dictionary<string, string>(), "main .module-actions form");
        var (_, module1Again) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Contains("1 of 2 read", module1Again.QuerySelector("p.meta")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Read · go on", module1Again.QuerySelector("main .module-actions button")!.TextContent.Trim());
        var (_, halfway) = await client.GetAsync("/courses/sample-course");
        Assert.Equal("50%", halfway.QuerySelector("[data-testid=progress-percent]")!.TextContent);

        var (done, _) = await client.SubmitAsync("/courses/sample-course/modules/2", new Dictionary<string, string>(), "main .module-actions form");
        Assert.Equal("/courses/sample-course", done.Headers.Location?.ToString());
        var (_, complete) = await client.GetAsync("/courses/sample-course");
        Assert.Equal("100%", complete.QuerySelector("[data-testid=progress-percent]")!.TextContent);
        Assert.NotNull(complete.QuerySelector(".complete"));

        var enrollment = await QueryAsync(db => db.Enrollments.Include(e => e.Progress).SingleAsync(e => e.UserId == user.Id));
        Assert.NotNull(enrollment.ReadingCompletedAt);
        Assert.Equal([1, 2], enrollment.Progress.Select(p => p.ModuleNumber).Order());
    }

    [Fact]
    public async Task Modules_RequireEnrolment_AndAClinicianRole()
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
        var (missing, _) = await client.GetAsync("/courses/sample-course/modules/3");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.ModuleProgress.CountAsync()));
    }
}
