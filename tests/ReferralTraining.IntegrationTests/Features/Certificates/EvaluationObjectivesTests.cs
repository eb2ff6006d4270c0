using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes;

namespace ReferralTraining.IntegrationTests.Features.Certificates;

/// <summary>
/// Issue 22 item 4: the evaluation asks whether each objective was met (yes / partly / no) and about intent to change;
/// both are required, stored with the evaluation or not at all, and aggregated per course version with small cells hidden.
/// </summary>
public sealed class EvaluationObjectivesTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private async Task<Guid> EnrolledAsync()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var scope = Factory.Services.CreateScope();
        await Factory.Scoped<CourseService>(scope).EnrollAsync(user.Id, "sample-course", CancellationToken.None);
        return user.Id;
    }

    private async Task<IReadOnlyList<Web.Features.Accounts.FieldError>> SubmitAsync(Guid userId, EvaluationInput input)
    {
        using var scope = Factory.Services.CreateScope();
        return await Factory.Scoped<CreditService>(scope).SubmitEvaluationAsync(userId, "sample-course", input, CancellationToken.None);
    }

    private static EvaluationInput Input(ObjectiveMet one, ObjectiveMet two, IntentToChange? intent, string? change = null) =>
        new(4, true, 4, null, TestCommitments.Sample, new Dictionary<string, ObjectiveMet> { ["obj-one"] = one, ["obj-two"] = two }, intent, change);

    [Fact]
    public async Task MissingOrUnknownAnswers_AreRefused_AndNothingIsWritten()
    {
        var userId = await EnrolledAsync();

        var missing = await SubmitAsync(userId, new EvaluationInput(4, true, 4, null, TestCommitments.Sample,
            new Dictionary<string, ObjectiveMet> { ["obj-one"] = ObjectiveMet.Yes }, null));
        Assert.Contains(missing, e => e.Field == "ObjectivesMetEach[obj-two]" && e.Message == "Say whether this objective was met: “List the second thing.”");
        Assert.Contains(missing, e => e.Field == "Intent" && e.Message == "Say whether you intend to change your practice as a result of this course.");
        Assert.DoesNotContain(missing, e => e.Field == "ObjectivesMetEach[obj-one]");

        var unknown = await SubmitAsync(userId, new EvaluationInput(4, true, 4, null, TestCommitments.Sample,
            new Dictionary<string, ObjectiveMet> { ["obj-one"] = ObjectiveMet.Yes, ["obj-two"] = ObjectiveMet.No, ["obj-nine"] = ObjectiveMet.Yes }, IntentToChange.Yes));
        Assert.Contains(unknown, e => e.Field == "" && e.Message.StartsWith("The evaluation names an objective this course version does not have.", StringComparison.Ordinal));

        var undefined = await SubmitAsync(userId, Input(ObjectiveMet.Yes, (ObjectiveMet)7, (IntentToChange)9));
        Assert.Contains(undefined, e => e.Field == "ObjectivesMetEach[obj-two]");
        Assert.Contains(undefined, e => e.Field == "Intent");

        var tooLong = await SubmitAsync(userId, Input(ObjectiveMet.Yes, ObjectiveMet.Yes, IntentToChange.Yes, new string('x', 501)));
        Assert.Equal(("IntendedChange", "Keep what you will change under 500 characters."), (Assert.Single(tooLong).Field, tooLong[0].Message));

        Assert.Equal((0, 0), (await QueryAsync(db => db.CourseEvaluations.CountAsync()), await QueryAsync(db => db.EvaluationObjectiveRatings.CountAsync())));
        Assert.Equal(0, await QueryAsync(db => db.Set<Web.Features.PracticeChange.Commitment>().CountAsync()));

        Assert.Empty(await SubmitAsync(userId, Input(ObjectiveMet.Partly, ObjectiveMet.No, IntentToChange.AlreadyDoing, "  Ask about meetings at every visit.  ")));
        var saved = await QueryAsync(db => db.CourseEvaluations.SingleAsync());
        Assert.Equal((IntentToChange.AlreadyDoing, "Ask about meetings at every visit."), (saved.Intent, saved.IntendedChange));
        var ratings = await QueryAsync(db => db.EvaluationObjectiveRatings.OrderBy(r => r.ObjectiveId).ToListAsync());
        Assert.Equal([("obj-one", ObjectiveMet.Partly), ("obj-two", ObjectiveMet.No)], ratings.Select(r => (r.ObjectiveId, r.Met)));
        Assert.All(ratings, r => Assert.Equal(saved.EnrollmentId, r.EnrollmentId));
    }

    [Fact]
    public async Task TheClaimPage_AsksEachObjective_AndShowsWhatIsMissing()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            // The evaluation form is offered once the modules are read and the quiz passed.
            var courses = Factory.Scoped<CourseService>(scope);
            var quizzes = Factory.Scoped<QuizService>(scope);
            await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 1, CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 2, CancellationToken.None);
            var (attempt, _) = await quizzes.StartAsync(user.Id, "sample-course", CancellationToken.None);
            await quizzes.SubmitAsync(user.Id, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
                q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
        }
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (_, page) = await client.GetAsync("/certificates/claim/sample-course");
        Assert.Equal(["obj-one", "obj-two"], page.QuerySelectorAll("#objectives-met fieldset[data-objective]").Select(f => f.GetAttribute("data-objective")));
        Assert.Equal(3, page.QuerySelectorAll("input[name='Evaluation.ObjectivesMetEach[obj-two]']").Length);
        Assert.Equal(4, page.QuerySelectorAll("input[name='Evaluation.Intent']").Length);

        var (response, refused) = await client.SubmitAsync("/certificates/claim/sample-course", new Dictionary<string, string>
        {
            ["Evaluation.Relevance"] = "5", ["Evaluation.FreeOfBias"] = "true", ["Evaluation.ObjectivesMet"] = "4",
            ["Evaluation.ObjectivesMetEach[obj-one]"] = "Yes", ["Evaluation.ObjectivesMetEach[obj-two]"] = "Maybe",
            ["Evaluation.Commitments[0].PracticeId"] = "first-practice", ["Evaluation.Commitments[0].Text"] = "Try the first thing with two patients",
            ["Evaluation.Commitments[0].ExpectedPatients"] = "4", ["Evaluation.Commitments[0].Confidence"] = "4",
        }, "form[action*=Evaluate]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = refused.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("Say whether this objective was met: “List the second thing.”", summary, StringComparison.Ordinal);
        Assert.Contains("Say whether you intend to change your practice as a result of this course.", summary, StringComparison.Ordinal);
        Assert.Contains("Say whether this objective was met", refused.QuerySelector("fieldset[data-objective='obj-two'] .field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(refused.QuerySelector("fieldset[data-objective='obj-one'] .field-error"));
        Assert.NotNull(refused.QuerySelector("input[name='Evaluation.ObjectivesMetEach[obj-one]'][value='Yes'][checked]"));
        Assert.Equal(0, await QueryAsync(db => db.CourseEvaluations.CountAsync()));

        var (saved, _) = await client.SubmitAsync("/certificates/claim/sample-course", new Dictionary<string, string>
        {
            ["Evaluation.Relevance"] = "5", ["Evaluation.FreeOfBias"] = "true", ["Evaluation.ObjectivesMet"] = "4",
            ["Evaluation.ObjectivesMetEach[obj-one]"] = "Yes", ["Evaluation.ObjectivesMetEach[obj-two]"] = "Partly", ["Evaluation.Intent"] = "NotApplicable",
            ["Evaluation.Commitments[0].PracticeId"] = "first-practice", ["Evaluation.Commitments[0].Text"] = "Try the first thing with two patients",
            ["Evaluation.Commitments[0].ExpectedPatients"] = "4", ["Evaluation.Commitments[0].Confidence"] = "4",
        }, "form[action*=Evaluate]");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(IntentToChange.NotApplicable, await QueryAsync(db => db.CourseEvaluations.Select(e => e.Intent).SingleAsync()));
        Assert.Equal(2, await QueryAsync(db => db.EvaluationObjectiveRatings.CountAsync()));
    }

    [Fact]
    public async Task Aggregates_ArePerVersion_WithSmallCellsHidden()
    {
        // Four evaluations: the version is below the minimum, so nothing but the count is given.
        for (var i = 0; i < 4; i++)
        {
            Assert.Empty(await SubmitAsync(await EnrolledAsync(), Input(ObjectiveMet.Yes, ObjectiveMet.Yes, IntentToChange.Yes, "Ask at every visit")));
        }
        var versionId = await QueryAsync(db => db.CourseVersions.Where(v => v.CourseId == "sample-course").Select(v => v.Id).SingleAsync());
        using (var scope = Factory.Services.CreateScope())
        {
            var four = (await Factory.Scoped<EvaluationSummaries>(scope).ForVersionAsync(versionId, CancellationToken.None))!;
            Assert.True(four.Suppressed);
            Assert.Equal(4, four.Evaluations);
            Assert.Null(four.RelevanceMean);
            Assert.All(four.Objectives.SelectMany(o => o.Answers.Cells).Concat(four.IntentToChange.Cells).Concat(four.FreeOfBias.Cells), c => Assert.Null(c.Count));
            Assert.Null(four.IntendedChangeComments);
        }

        // Ten in all: obj-one 5 yes / 5 partly; obj-two 8 yes / 2 no (2 is under 5, and the 8 would give it away); intent all yes;
        // five said what they will change.
        Assert.Empty(await SubmitAsync(await EnrolledAsync(), Input(ObjectiveMet.Partly, ObjectiveMet.Yes, IntentToChange.Yes, "Ask at every visit")));
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(await SubmitAsync(await EnrolledAsync(), Input(ObjectiveMet.Partly, ObjectiveMet.Yes, IntentToChange.Yes)));
        }
        for (var i = 0; i < 2; i++)
        {
            Assert.Empty(await SubmitAsync(await EnrolledAsync(), Input(i == 0 ? ObjectiveMet.Yes : ObjectiveMet.Partly, ObjectiveMet.No, IntentToChange.Yes)));
        }
        using (var scope = Factory.Services.CreateScope())
        {
            var ten = (await Factory.Scoped<EvaluationSummaries>(scope).ForVersionAsync(versionId, CancellationToken.None))!;
            Assert.False(ten.Suppressed);
            Assert.Equal(("sample-course", "1.0.0", 10), (ten.CourseId, ten.Version, ten.Evaluations));
            Assert.Equal(["5 (50%)", "5 (50%)", "0 (0%)"], ten.Objectives[0].Answers.Cells.Select(c => c.Display));
            Assert.Equal(10, ten.Objectives[0].Answers.Answered);
            Assert.Equal(["suppressed", "0 (0%)", "<5"], ten.Objectives[1].Answers.Cells.Select(c => c.Display));
            Assert.Equal([null, 0, null], ten.Objectives[1].Answers.Cells.Select(c => c.Count));
            Assert.Equal(["10 (100%)", "0 (0%)", "0 (0%)", "0 (0%)"], ten.IntentToChange.Cells.Select(c => c.Display));
            Assert.Equal(["10 (100%)", "0 (0%)"], ten.FreeOfBias.Cells.Select(c => c.Display));
            Assert.Equal(5, ten.IntendedChangeComments);
            Assert.Equal(4.0, ten.RelevanceMean);
        }

        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);
        var (_, page) = await client.GetAsync("/admin/evaluations");
        var section = page.QuerySelector(".evaluation-detail[data-version='sample-course@1.0.0']")!;
        Assert.Equal(["10", "5 (50%)", "5 (50%)", "0 (0%)"], section.QuerySelectorAll(".objectives-met tr[data-objective='obj-one'] td").Select(td => td.TextContent.Trim()));
        Assert.Equal(["10", "suppressed", "0 (0%)", "<5"], section.QuerySelectorAll(".objectives-met tr[data-objective='obj-two'] td").Select(td => td.TextContent.Trim()));
        Assert.Equal(["10", "10 (100%)", "0 (0%)", "0 (0%)", "0 (0%)", "5"], section.QuerySelectorAll(".intent tbody td").Select(td => td.TextContent.Trim()));
    }
}
