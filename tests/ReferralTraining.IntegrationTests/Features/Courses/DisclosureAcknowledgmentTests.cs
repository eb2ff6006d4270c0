using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.IntegrationTests.Features.Courses;

/// <summary>
/// Issue 22 item 2: the course page shows each person's relevant financial relationships (or none) and their mitigation
/// before module 1; the learner acknowledges once per course version, with the time; modules wait for it.
/// </summary>
public sealed class DisclosureAcknowledgmentTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    [Fact]
    public async Task DisclosuresComeBeforeModuleOne_AndAreAcknowledgedOnce_WithTheTime()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);

        // Before enrolling, anyone sees the disclosures above the modules.
        var (_, course) = await client.GetAsync("/courses/sample-course");
        var section = course.GetElementById("disclosures")!;
        var people = section.QuerySelectorAll("[data-testid=disclosure-person]").Select(p => p.TextContent.Trim()).ToList();
        Assert.Equal(2, people.Count);
        Assert.Contains("Test Planner, MD (Planner)", people[0], StringComparison.Ordinal);
        Assert.Contains("Fictional Pharma Inc.: Advisory board member. Mitigated: Content reviewed by a reviewer with no financial relationships (by Test Reviewer).", people[0], StringComparison.Ordinal);
        Assert.Contains("Test Reviewer, LCSW (Reviewer)", people[1], StringComparison.Ordinal);
        Assert.Contains("no relevant financial relationships with ineligible companies", people[1], StringComparison.Ordinal);
        Assert.Contains("All relevant financial relationships listed above have been mitigated.", section.TextContent, StringComparison.Ordinal);
        Assert.True(course.Body!.InnerHtml.IndexOf("id=\"disclosures\"", StringComparison.Ordinal) < course.Body.InnerHtml.IndexOf("class=\"module-list\"", StringComparison.Ordinal));

        // Enrolled but not acknowledged: module 1 sends the learner back to the disclosures.
        var (enrolled, _) = await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form.enroll");
        Assert.Equal("/courses/sample-course#disclosures", enrolled.Headers.Location?.ToString());
        var (gated, _) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Equal("/courses/sample-course#disclosures", gated.Headers.Location?.ToString());
        Assert.Equal(0, await QueryAsync(db => db.ModuleEngagement.CountAsync()));

        Factory.Clock.Freeze();
        var at = Factory.Clock.GetUtcNow();
        var (acknowledged, _) = await client.SubmitAsync("/courses/sample-course", new Dictionary<string, string>(), "form[action*=Acknowledge]");
        Assert.Equal("/courses/sample-course/modules/1", acknowledged.Headers.Location?.ToString());
        var (module, page) = await client.GetAsync("/courses/sample-course/modules/1");
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("The first module", page.QuerySelector("h1")!.TextContent);

        // Once per version: a second confirmation (another tab) keeps the first time.
        Factory.Clock.Advance(TimeSpan.FromHours(1));
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.True(await Factory.Scoped<CourseService>(scope).AcknowledgeDisclosuresAsync(user.Id, "sample-course", CancellationToken.None));
        }
        var rows = await QueryAsync(db => db.Set<DisclosureAcknowledgment>().Where(a => a.UserId == user.Id).ToListAsync());
        var row = Assert.Single(rows);
        Assert.InRange((row.AcknowledgedAt - at).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        Assert.Equal(await QueryAsync(db => db.Enrollments.Where(e => e.UserId == user.Id).Select(e => e.CourseVersionId).SingleAsync()), row.CourseVersionId);
        var (_, after) = await client.GetAsync("/courses/sample-course");
        Assert.Null(after.QuerySelector("form[action*=Acknowledge]"));
        Assert.NotNull(after.QuerySelector("[data-testid=acknowledged]"));
    }

    [Fact]
    public async Task AcknowledgingWithoutEnrolling_RecordsNothing()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.False(await Factory.Scoped<CourseService>(scope).AcknowledgeDisclosuresAsync(user.Id, "sample-course", CancellationToken.None));
        }
        Assert.Equal(0, await QueryAsync(db => db.Set<DisclosureAcknowledgment>().CountAsync()));
    }
}
