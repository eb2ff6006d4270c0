using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.IntegrationTests.Features.Certificates;

/// <summary>Issue 22 item 4: evaluations aggregated per course version for admins, small cells suppressed.</summary>
public sealed class EvaluationReportTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private async Task EvaluateAsync(int relevance, bool freeOfBias)
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var scope = Factory.Services.CreateScope();
        await Factory.Scoped<CourseService>(scope).EnrollAsync(user.Id, "sample-course", CancellationToken.None);
        Assert.Empty(await Factory.Scoped<CreditService>(scope).SubmitEvaluationAsync(user.Id, "sample-course",
            new EvaluationInput(relevance, freeOfBias, 4, freeOfBias ? null : "One product was named in module 2.", TestCommitments.Sample, TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None));
    }

    [Fact]
    public async Task AdminsSeeEachVersionsEvaluations_FewerThanFiveShowNoFigures_OthersAreRefused()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);

        for (var i = 0; i < 4; i++)
        {
            await EvaluateAsync(5, true);
        }
        var (_, four) = await client.GetAsync("/admin/evaluations");
        var row = four.QuerySelector("#evaluations tr[data-version='sample-course@1.0.0']")!;
        Assert.Equal(["fewer than 5", "suppressed"], row.QuerySelectorAll("td").Skip(1).Select(td => td.TextContent.Trim()));

        await EvaluateAsync(3, true);
        var (_, five) = await client.GetAsync("/admin/evaluations");
        row = five.QuerySelector("#evaluations tr[data-version='sample-course@1.0.0']")!;
        Assert.Equal(["1.0.0", "5", "4.6", "4.0", "5", "0"], row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

        // One "not free of bias" among six: a count of 1 would single that person out, so the bias cells are suppressed.
        await EvaluateAsync(4, false);
        var (_, six) = await client.GetAsync("/admin/evaluations");
        row = six.QuerySelector("#evaluations tr[data-version='sample-course@1.0.0']")!;
        Assert.Equal(["1.0.0", "6", "4.5", "4.0", "suppressed (a count under 5)"], row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

        foreach (var role in new[] { Roles.Clinician, Roles.ProgramDirector })
        {
            var other = await Factory.CreateUserAsync(role);
            using var otherClient = PageClient.For(Factory);
            await otherClient.SignInAsync(other.Email!);
            var (refused, _) = await otherClient.GetAsync("/admin/evaluations");
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                || refused.Headers.Location?.ToString().Contains("access-denied", StringComparison.Ordinal) == true, $"{role}: {refused.StatusCode} {refused.Headers.Location}");
        }
    }
}
