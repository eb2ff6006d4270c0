using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.IntegrationTests.Features.Certificates;

/// <summary>Issue 22 item 4 (part): answering that the content was not free of commercial bias needs a comment.</summary>
public sealed class EvaluationBiasTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    [Fact]
    public async Task NotFreeOfBias_WithoutAComment_IsRefusedAndWritesNothing_WithOneItIsSaved()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var scope = Factory.Services.CreateScope();
        await Factory.Scoped<CourseService>(scope).EnrollAsync(user.Id, "sample-course", CancellationToken.None);
        var credits = Factory.Scoped<CreditService>(scope);

        var refused = await credits.SubmitEvaluationAsync(user.Id, "sample-course", new EvaluationInput(4, false, 4, "  ", TestCommitments.Sample, TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None);
        var error = Assert.Single(refused);
        Assert.Equal(("Comment", "You answered that the content was not free of commercial bias: say in the comment what seemed biased, so the provider can review it."), (error.Field, error.Message));
        Assert.Equal(0, await QueryAsync(db => db.CourseEvaluations.CountAsync()));

        Assert.Empty(await credits.SubmitEvaluationAsync(user.Id, "sample-course",
            new EvaluationInput(4, false, 4, "Module 2 named one product only.", TestCommitments.Sample, TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None));
        var saved = await QueryAsync(db => db.CourseEvaluations.SingleAsync());
        Assert.Equal((false, "Module 2 named one product only."), (saved.FreeOfBias, saved.Comment));
    }
}
