using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Features.Organizations;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.IntegrationTests.Features.Courses;

public sealed class ReadingTimeReportTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    [Fact]
    public async Task Directors_SeeTheirMembersTimePerModule_AdminsSeeEveryone_OtherDirectorsSeeNothing()
    {
        var (orgId, director) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Reading Time Clinic");
        var member = await OrganizationTestKit.AddStaffAsync(Factory, orgId);
        var outsider = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            await courses.EnrollAsync(member.Id, "sample-course", CancellationToken.None);
            await courses.RecordReadingAsync(member.Id, "sample-course", 1, CancellationToken.None);
            await courses.EnrollAsync(outsider.Id, "sample-course", CancellationToken.None);
            await courses.RecordReadingAsync(outsider.Id, "sample-course", 2, CancellationToken.None);
        }
        var words = await QueryAsync(db => db.CourseModules.Where(m => m.Number == 1).Select(m => m.WordCount).FirstAsync());
        var module1 = ModuleReadingTime.Format(ReadingTimeOptions.EstimatedSeconds(words));

        using var directorClient = PageClient.For(Factory);
        await directorClient.SignInAsync(director.Email!);
        var (response, page) = await directorClient.GetAsync($"/organizations/{orgId}/reading-time?course=sample-course");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("#reading-time tbody tr");
        var row = Assert.Single(rows);
        Assert.Contains(member.Email!, row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"{module1} (read)", row.QuerySelector("td[data-label='Module 1']")!.TextContent);
        Assert.Equal("Not opened", row.QuerySelector("td[data-label='Module 2']")!.TextContent);
        Assert.DoesNotContain(outsider.Email!, page.Body!.TextContent, StringComparison.Ordinal);

        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var adminClient = PageClient.For(Factory);
        await adminClient.SignInAsync(admin.Email!);
        var (_, adminPage) = await adminClient.GetAsync("/admin/reading-time?course=sample-course");
        Assert.Equal(2, adminPage.QuerySelectorAll("#reading-time tbody tr").Length);
        Assert.Contains(outsider.Email!, adminPage.QuerySelector("#reading-time")!.TextContent, StringComparison.Ordinal);

        var (_, otherDirector) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Another Clinic");
        using var otherClient = PageClient.For(Factory);
        await otherClient.SignInAsync(otherDirector.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/organizations/{orgId}/reading-time?course=sample-course")).Response.StatusCode);
    }

    [Fact]
    public async Task ClaimPage_ShowsTimeRecordedBesideTheCredit_AndRefusesMoreThanTheCourseOffers()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
            var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
            await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 1, CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 2, CancellationToken.None);
            var (attempt, _) = await quizzes.StartAsync(user.Id, "sample-course", CancellationToken.None);
            await quizzes.SubmitAsync(user.Id, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
                q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
            Assert.Empty(await credits.SubmitEvaluationAsync(user.Id, "sample-course", new EvaluationInput(5, true, 5, null, TestCommitments.Sample, TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None));
        }
        var recorded = await QueryAsync(db => db.ModuleEngagement.SumAsync(g => g.EngagedSeconds));
        Assert.True(recorded > 0);

        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (_, page) = await client.GetAsync("/certificates/claim/sample-course");
        Assert.Contains($"Reading time recorded on this course's modules: {ModuleReadingTime.Format(recorded)}", page.GetElementById("time-recorded")!.TextContent, StringComparison.Ordinal);

        var maximum = page.QuerySelector("#Claim_CreditTypeId input[type=radio]")!.GetAttribute("value")!;
        var (refused, refusedPage) = await client.SubmitAsync("/certificates/claim/sample-course", new Dictionary<string, string>
        {
            ["Claim.CreditTypeId"] = maximum, ["Claim.Amount"] = "40", ["Claim.Attested"] = "true",
        }, "form[action*='handler=Claim']");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The most you can claim is", refusedPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.CreditClaims.CountAsync()));
    }
}
