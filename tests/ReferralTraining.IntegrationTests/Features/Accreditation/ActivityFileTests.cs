using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Quizzes;

namespace ReferralTraining.IntegrationTests.Features.Accreditation;

/// <summary>
/// Issue 22 item 5 (ADR-030): the activity file of a course version, for admins only, as PDF and JSON that are the same
/// bytes for the same data, with the hashes shown, each section filled from the data and small cells suppressed.
/// </summary>
public sealed class ActivityFileTests(AppFixture fixture) : AppTest(fixture)
{
    private const string Url = "/admin/activity?course=sample-course&version=1.0.0";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    /// <summary>A counselor who enrolls, acknowledges the disclosures, takes the quiz (strong: all right) and evaluates.</summary>
    private async Task LearnerAsync(bool strong, bool freeOfBias)
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var scope = Factory.Services.CreateScope();
        var courses = Factory.Scoped<CourseService>(scope);
        var quizzes = Factory.Scoped<QuizService>(scope);
        await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None);
        Assert.True(await courses.AcknowledgeDisclosuresAsync(user.Id, "sample-course", CancellationToken.None));
        await courses.RecordReadingAsync(user.Id, "sample-course", 1, CancellationToken.None);
        await courses.RecordReadingAsync(user.Id, "sample-course", 2, CancellationToken.None);
        var (attempt, _) = await quizzes.StartAsync(user.Id, "sample-course", CancellationToken.None);
        var answers = attempt!.Questions.Select(q => new SavedAnswer(q.QuestionId,
            q.Type == QuestionType.Ordering
                ? (strong ? q.CorrectOrder : q.CorrectOrder.Reverse().ToList())
                : strong ? q.Options.Where(o => o.Correct).Select(o => o.Id).ToList() : [q.Options.First(o => !o.Correct).Id])).ToList();
        await quizzes.SubmitAsync(user.Id, attempt.Id, answers, CancellationToken.None);
        Assert.Empty(await Factory.Scoped<CreditService>(scope).SubmitEvaluationAsync(user.Id, "sample-course",
            new EvaluationInput(strong ? 5 : 3, freeOfBias, 4, freeOfBias ? null : "A product was named in module 2.", TestCommitments.Sample,
                TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None));
    }

    private static JsonElement Parse(byte[] json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public async Task ActivityFile_IsTheSameBytesForTheSameData_SuppressesSmallCells_AndReportsEachSection()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);

        for (var i = 0; i < 4; i++)
        {
            await LearnerAsync(strong: i % 2 == 0, freeOfBias: true);
        }
        var four = Parse(await client.Http.GetByteArrayAsync(Url + "&handler=Json"));
        var cutOff = four.GetProperty("asOf").GetDateTimeOffset();
        // Four people: every count of them reads "<5" and nothing that could single one out is given.
        Assert.Equal("<5", four.GetProperty("disclosureToLearners").GetProperty("learners").GetString());
        Assert.Equal(JsonValueKind.Null, four.GetProperty("disclosureToLearners").GetProperty("first").ValueKind);
        Assert.Equal("<5", four.GetProperty("learners").GetProperty("enrolled").GetString());
        Assert.Equal("<5", four.GetProperty("evaluation").GetProperty("responses").GetString());
        Assert.Equal(JsonValueKind.Null, four.GetProperty("evaluation").GetProperty("meanRelevance").ValueKind);
        Assert.Equal(JsonValueKind.Null, four.GetProperty("quiz").GetProperty("passRate").ValueKind);
        Assert.All(four.GetProperty("quiz").GetProperty("questions").EnumerateArray(), q => Assert.Equal(JsonValueKind.Null, q.GetProperty("difficulty").ValueKind));

        Factory.Clock.Advance(TimeSpan.FromHours(1));
        await LearnerAsync(strong: true, freeOfBias: true);
        await LearnerAsync(strong: false, freeOfBias: false);

        // The same data twice: the same bytes, and the page shows their hashes.
        var json = await client.Http.GetByteArrayAsync(Url + "&handler=Json");
        var pdf = await client.Http.GetByteArrayAsync(Url + "&handler=Pdf");
        Assert.Equal(json, await client.Http.GetByteArrayAsync(Url + "&handler=Json"));
        Assert.Equal(pdf, await client.Http.GetByteArrayAsync(Url + "&handler=Pdf"));
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        var (page, document) = await client.GetAsync(Url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(json)), document.QuerySelector("#json-sha256")!.TextContent.Trim());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), document.QuerySelector("#pdf-sha256")!.TextContent.Trim());
        Assert.Equal("6", document.QuerySelector("#acknowledged")!.TextContent.Trim());

        var file = Parse(json);
        var versionId = await QueryAsync(db => db.CourseVersions.Where(v => v.CourseId == "sample-course").Select(v => v.Id).SingleAsync());
        var acknowledged = await QueryAsync(db => db.Set<DisclosureAcknowledgment>().Where(a => a.CourseVersionId == versionId).Select(a => a.AcknowledgedAt).ToListAsync());
        var attempts = await QueryAsync(db => db.QuizAttempts.Where(a => a.CourseVersionId == versionId && a.SubmittedAt != null).ToListAsync());
        var latest = new[] { acknowledged.Max(), attempts.Max(a => a.SubmittedAt!.Value), await QueryAsync(db => db.CourseEvaluations.MaxAsync(e => e.SubmittedAt)) }.Max();
        Assert.Equal(latest.ToUniversalTime(), file.GetProperty("asOf").GetDateTimeOffset().ToUniversalTime());

        var activity = file.GetProperty("activity");
        Assert.Equal(("sample-course", "1.0.0"), (activity.GetProperty("courseId").GetString(), activity.GetProperty("version").GetString()));
        Assert.Equal("Enduring material (online, self-paced)", activity.GetProperty("activityType").GetString());
        Assert.Contains(activity.GetProperty("creditDesignations").EnumerateArray(), c => c.GetProperty("typeId").GetString() == "naadac" && c.GetProperty("hours").GetDecimal() > 0);
        Assert.NotEmpty(file.GetProperty("peopleInControlOfContent").EnumerateArray());
        Assert.All(file.GetProperty("peopleInControlOfContent").EnumerateArray(), p => Assert.NotEqual(JsonValueKind.Null, p.GetProperty("disclosure").ValueKind));
        Assert.Empty(file.GetProperty("providerMustFillIn").EnumerateArray()); // the fixture course names real (fictional) people

        var disclosure = file.GetProperty("disclosureToLearners");
        Assert.Equal("6", disclosure.GetProperty("learners").GetString());
        Assert.Equal(acknowledged.Min().ToUniversalTime(), disclosure.GetProperty("first").GetDateTimeOffset().ToUniversalTime());
        Assert.Equal(acknowledged.Max().ToUniversalTime(), disclosure.GetProperty("last").GetDateTimeOffset().ToUniversalTime());
        // The planning record as published with the version, and the objective map derived from its content.
        var planning = file.GetProperty("planningRecord");
        Assert.Equal("Test clinicians do the first thing rarely.", planning.GetProperty("record").GetProperty("gap").GetProperty("currentPractice").GetString());
        Assert.Equal(["knowledge", "competence", "performance"], planning.GetProperty("record").GetProperty("desiredChanges").EnumerateArray().Select(d => d.GetProperty("level").GetString()));
        Assert.Contains(planning.GetProperty("objectiveMap").EnumerateArray(), o => o.GetProperty("questionIds").EnumerateArray().Any(q => q.GetString() == "two-ordering"));

        var learners = file.GetProperty("learners");
        Assert.Equal("6", learners.GetProperty("enrolled").GetString());
        var counselors = learners.GetProperty("byProfession").EnumerateArray().Single();
        Assert.Equal(("Counselor", "6"), (counselors.GetProperty("label").GetString(), counselors.GetProperty("enrolled").GetString()));

        // Evaluation: relevance 5,3,5,3,5,3 → 4.00; one "not free of bias" among six: both bias cells suppressed.
        var evaluation = file.GetProperty("evaluation");
        Assert.Equal("6", evaluation.GetProperty("responses").GetString());
        Assert.Equal(4.00m, evaluation.GetProperty("meanRelevance").GetDecimal());
        Assert.Equal(4.00m, evaluation.GetProperty("meanObjectivesMet").GetDecimal());
        Assert.Equal(("<5", "<5"), (evaluation.GetProperty("freeOfCommercialBias").GetString(), evaluation.GetProperty("notFreeOfCommercialBias").GetString()));
        // Each objective met and intent to change (item 4): all six said yes to both objectives and intend to change.
        static string[] Displays(JsonElement distribution) =>
            distribution.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("display").GetString()!).ToArray();
        var objectivesMet = evaluation.GetProperty("objectivesMet").EnumerateArray().ToList();
        Assert.Equal(["obj-one", "obj-two"], objectivesMet.Select(o => o.GetProperty("objectiveId").GetString()));
        Assert.All(objectivesMet, o => Assert.Equal(["6 (100%)", "0 (0%)", "0 (0%)"], Displays(o.GetProperty("answers"))));
        Assert.Equal(["6 (100%)", "0 (0%)", "0 (0%)", "0 (0%)"], Displays(evaluation.GetProperty("intentToChange")));

        // Quiz: six attempts, the pass rate from the attempts, and the ordering question (drawn every time) answered right by half.
        var quiz = file.GetProperty("quiz");
        Assert.Equal("6", quiz.GetProperty("attempts").GetString());
        Assert.Equal(Math.Round((decimal)attempts.Count(a => a.Passed == true) / attempts.Count, 2), quiz.GetProperty("passRate").GetDecimal());
        var ordering = quiz.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("questionId").GetString() == "two-ordering");
        Assert.Equal("6", ordering.GetProperty("answers").GetString());
        Assert.Equal(0.50m, ordering.GetProperty("difficulty").GetDecimal());
        Assert.True(ordering.GetProperty("discrimination").GetDecimal() > 0.9m);

        // No follow-up has come due yet (30 days after completion), so there is no outcome row.
        Assert.Empty(file.GetProperty("practiceChangeOutcomes").EnumerateArray());

        // An explicit cut-off gives the file as it was then: back to four people.
        var then = Parse(await client.Http.GetByteArrayAsync(Url + "&handler=Json&asOf=" + Uri.EscapeDataString(cutOff.ToString("O"))));
        Assert.Equal(cutOff.ToUniversalTime(), then.GetProperty("asOf").GetDateTimeOffset().ToUniversalTime());
        Assert.Equal("<5", then.GetProperty("disclosureToLearners").GetProperty("learners").GetString());
        Assert.Equal("<5", then.GetProperty("evaluation").GetProperty("responses").GetString());
        Assert.Equal(["<5", "<5", "<5"], Displays(then.GetProperty("evaluation").GetProperty("objectivesMet")[0].GetProperty("answers")));

        // Input is validated in the page.
        var (bad, badPage) = await client.GetAsync(Url + "&asOf=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("ISO 8601", badPage.QuerySelector("#activity-error")!.TextContent, StringComparison.Ordinal);
        var (missing, _) = await client.GetAsync("/admin/activity?course=sample-course&version=9.9.9&handler=Json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ActivityFile_IsForAdminsOnly()
    {
        foreach (var role in new[] { Roles.Clinician, Roles.ProgramDirector })
        {
            var other = await Factory.CreateUserAsync(role);
            using var client = PageClient.For(Factory);
            await client.SignInAsync(other.Email!);
            foreach (var url in new[] { Url, Url + "&handler=Json", Url + "&handler=Pdf" })
            {
                var (refused, _) = await client.GetAsync(url);
                Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                    || refused.Headers.Location?.ToString().Contains("access-denied", StringComparison.Ordinal) == true, $"{role} {url}: {refused.StatusCode} {refused.Headers.Location}");
            }
        }
    }
}
