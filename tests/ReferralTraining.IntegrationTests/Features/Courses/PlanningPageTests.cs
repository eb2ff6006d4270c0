using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content.Planning;

namespace ReferralTraining.IntegrationTests.Features.Courses;

/// <summary>Issue 22 item 3: the planning record is published with the version and shown to admins only.</summary>
public sealed class PlanningPageTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    [Fact]
    public async Task ThePublishedVersion_CarriesItsPlanningRecord()
    {
        using var scope = Factory.Services.CreateScope();
        var db = Factory.Scoped<AppDbContext>(scope);
        var version = await db.CourseVersions.AsNoTracking().SingleAsync(v => v.CourseId == "sample-course");
        Assert.NotNull(version.Planning);
        Assert.Equal("Test clinicians do the first thing rarely.", version.Planning.Gap.CurrentPractice);
        Assert.Equal(["smith-2020", null], version.Planning.NeedsSources.Select(n => n.ReferenceId));
        Assert.Equal([MooreLevels.Knowledge, MooreLevels.Competence, MooreLevels.Performance], version.Planning.DesiredChanges.Select(c => c.Level));
        var map = version.ObjectiveMap();
        Assert.Equal(["obj-one", "obj-two"], map.Select(m => m.ObjectiveId));
        Assert.Equal(version.Quiz!.Questions.Where(q => q.ObjectiveIds.Contains("obj-two")).Select(q => q.Id), map[1].QuestionIds);
    }

    [Fact]
    public async Task AdminsSeeThePlanningRecord_OthersAreRefused()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);

        var (response, page) = await client.GetAsync("/admin/planning?course=sample-course");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var section = page.QuerySelector("#planning[data-course='sample-course'][data-version='1.0.0']")!;
        Assert.NotNull(section);
        Assert.Equal(["Test clinicians do the first thing rarely.", "The fictional reference supports doing the first thing with every patient."],
            section.QuerySelectorAll("#gap dd").Select(d => d.TextContent.Trim()));
        var needs = section.QuerySelectorAll("#needs li");
        Assert.Equal(2, needs.Length);
        Assert.Equal("smith-2020", needs[0].GetAttribute("data-ref"));
        Assert.Contains("Describes the first thing as the one that helps.", needs[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Learner evaluations of version 0.9.0 (fictional)", needs[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(["Knowledge", "Competence", "Performance"], section.QuerySelectorAll("#changes tbody th").Select(t => t.TextContent.Trim()));
        Assert.Equal("Quiz, Practice scenarios", section.QuerySelector("#changes tr[data-level='competence'] td:last-child")!.TextContent.Trim());
        Assert.Contains("Patient outcomes", section.TextContent, StringComparison.Ordinal);
        var one = section.QuerySelector("#objective-map tr[data-objective='obj-one']")!;
        var cells = one.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Contains("one-single", cells[0], StringComparison.Ordinal);
        Assert.DoesNotContain("two-ordering", cells[0], StringComparison.Ordinal);
        Assert.Equal(["none", "none"], cells[1..]);
        Assert.Equal(["first-practice", "second-practice"], section.QuerySelectorAll("#practices li").Select(l => l.GetAttribute("data-practice")));
        Assert.NotNull(page.QuerySelector("nav a[href='/admin/planning']") ?? page.QuerySelector("a[href='/admin/planning']"));

        var (_, unknown) = await client.GetAsync("/admin/planning?course=no-such-course");
        Assert.Null(unknown.QuerySelector("#planning"));
        Assert.Contains("There is no published course with that id.", unknown.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        foreach (var role in new[] { Roles.Clinician, Roles.ProgramDirector })
        {
            var other = await Factory.CreateUserAsync(role);
            using var otherClient = PageClient.For(Factory);
            await otherClient.SignInAsync(other.Email!);
            var (refused, refusedPage) = await otherClient.GetAsync("/admin/planning?course=sample-course");
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                || refused.Headers.Location?.ToString().Contains("access-denied", StringComparison.Ordinal) == true, $"{role}: {refused.StatusCode} {refused.Headers.Location}");
            Assert.Null(refusedPage.QuerySelector("#planning"));
        }
    }
}
