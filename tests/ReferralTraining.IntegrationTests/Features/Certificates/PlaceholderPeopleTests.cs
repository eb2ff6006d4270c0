using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.IntegrationTests.Features.Certificates;

/// <summary>
/// Issue 22 item 1 (ADR-027): a Production start with the shipped library, whose people in control of content are
/// placeholders, offers no credit and says what the provider must fill in; a course with real people still does.
/// </summary>
public sealed class PlaceholderPeopleTests(AppFixture fixture) : AppTest(fixture)
{
    [Fact]
    public async Task ProductionHost_OffersNoCreditForPlaceholderPeople_AndNamesWhatToFillIn()
    {
        var host = await Fixture.ExtraHostAsync(TestDatabase.UniqueName("rt_placeholder_prod"), settings: new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Certificates:OfferCreditWithPlaceholderPeople"] = "false",
        });
        Assert.True(host.Services.GetRequiredService<IHostEnvironment>().IsProduction());
        await host.PublishContentAsync(RepoPaths.Content);       // the shipped library: placeholder people
        await host.PublishContentAsync(RepoPaths.FixtureContent); // a course whose people are filled in

        var user = await host.CreateUserAsync(Roles.Clinician); // a counselor: NAADAC credit on both courses
        using (var scope = host.Services.CreateScope())
        {
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            Assert.NotNull(await courses.EnrollAsync(user.Id, "families", CancellationToken.None));
            Assert.NotNull(await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None));
        }
        using (var scope = host.Services.CreateScope())
        {
            var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
            var placeholder = await credits.GetStatusAsync(user.Id, "families", CancellationToken.None);
            Assert.Empty(placeholder.Eligible);
            Assert.Equal(["Planner", "Author", "Reviewer"], placeholder.CreditWithheld!.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
            var (claimId, errors) = await credits.ClaimAsync(user.Id, "families", "naadac", 0.5m, attested: true, CancellationToken.None);
            Assert.Null(claimId);
            Assert.NotEmpty(errors);

            var real = await credits.GetStatusAsync(user.Id, "sample-course", CancellationToken.None);
            Assert.False(real.Withheld);
            Assert.Contains(real.Eligible, e => e.TypeId == "naadac");
        }

        // Practice-improvement credit (the final follow-up's) is withheld the same way: no incentive promised, no claim recorded.
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var placeholderEnrollment = await db.Enrollments.SingleAsync(e => e.UserId == user.Id && e.CourseId == "families");
            var realEnrollment = await db.Enrollments.SingleAsync(e => e.UserId == user.Id && e.CourseId == "sample-course");
            var practice = scope.ServiceProvider.GetRequiredService<PracticeChangeService>();
            Assert.Null(await practice.IncentiveAsync(user.Id, placeholderEnrollment.Id, CancellationToken.None));
            Assert.NotNull(await practice.IncentiveAsync(user.Id, realEnrollment.Id, CancellationToken.None));
            var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
            Assert.Null(await credits.RecordPracticeImprovementClaimAsync(placeholderEnrollment.Id, user.Id, placeholderEnrollment.CourseVersionId,
                "participation", 1m, DateTimeOffset.UtcNow, CancellationToken.None));
            Assert.False(await db.CreditClaims.AnyAsync(c => c.EnrollmentId == placeholderEnrollment.Id, CancellationToken.None));
        }

        using var client = PageClient.For(host);
        await client.SignInAsync(user.Email!);
        var (response, page) = await client.GetAsync("/certificates/claim/families");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = page.QuerySelector("#credit-withheld")?.TextContent ?? "";
        Assert.Contains("No credit is offered for this course version yet", notice, StringComparison.Ordinal);
        Assert.Contains("Planner: the entry \"Sample Planner A (sample data, fictional)\" is a placeholder", notice, StringComparison.Ordinal);
        Assert.Contains("collect their disclosure of financial relationships", notice, StringComparison.Ordinal);
        var (_, filled) = await client.GetAsync("/certificates/claim/sample-course");
        Assert.Null(filled.QuerySelector("#credit-withheld"));
    }

    [Fact]
    public async Task OfferingCreditWithPlaceholderPeople_IsRefusedAtStartInProduction()
    {
        var host = await Fixture.ExtraHostAsync(TestDatabase.UniqueName("rt_placeholder_guard"), settings: new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Certificates:OfferCreditWithPlaceholderPeople"] = "true",
            ["BackgroundJobs:ServerEnabled"] = "false",
        });
        var error = Assert.ThrowsAny<Exception>(() => host.Server);
        Assert.Contains("Certificates:OfferCreditWithPlaceholderPeople may not be true in Production", error.ToString(), StringComparison.Ordinal);
    }
}
