using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.IntegrationTests.Features.Quizzes;

public sealed class ItemAnalysisTests(AppFixture fixture) : AppTest(fixture)
{
    [Fact]
    public async Task Statistics_FollowTheAnswers_AndTheAdminPageLinksEachQuestionToItsSourceLine()
    {
        await Factory.PublishContentAsync();
        // Twelve learners: the strong half answers everything right, the weak half only the true/false item.
        for (var i = 0; i < 12; i++)
        {
            var strong = i % 2 == 0;
            var user = await Factory.CreateUserAsync(Roles.Clinician);
            using var scope = Factory.Services.CreateScope();
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
            await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 1, CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 2, CancellationToken.None);
            var (attempt, _) = await quizzes.StartAsync(user.Id, "sample-course", CancellationToken.None);
            var answers = attempt!.Questions.Select(q => new SavedAnswer(q.QuestionId,
                strong || q.Type == QuestionType.TrueFalse
                    ? (q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())
                    : [q.Options.First(o => !o.Correct || q.Type == QuestionType.Ordering).Id])).ToList();
            // Ordering answers must name every step; a weak learner reverses them.
            answers = answers.Select(a => attempt.Questions.Single(q => q.QuestionId == a.QuestionId) is { Type: QuestionType.Ordering } q && !strong
                ? a with { OptionIds = q.CorrectOrder.Reverse().ToList() } : a).ToList();
            await quizzes.SubmitAsync(user.Id, attempt.Id, answers, CancellationToken.None);
        }

        var versionId = await QueryAsync(db => db.Courses.Select(c => c.CurrentVersionId).SingleAsync());
        IReadOnlyList<ItemStat> items;
        using (var scope = Factory.Services.CreateScope())
        {
            items = await scope.ServiceProvider.GetRequiredService<ItemAnalysis>().ForVersionAsync(versionId, CancellationToken.None);
        }
        var ordering = items.Single(i => i.QuestionId == "two-ordering");
        Assert.Equal(12, ordering.Attempts); // obj-two draws both of its questions every time
        Assert.Equal(0.5, ordering.Facility!.Value, 3);
        Assert.True(ordering.Discrimination > 0.9, $"discrimination {ordering.Discrimination}");
        Assert.DoesNotContain("does not discriminate", ordering.Flags);

        var strict = items.Single(i => i.QuestionId == "two-multiple-strict");
        Assert.Equal(0.5, strict.Options.Single(o => o.OptionId == "b").Share, 3); // the weak half chose the distractor

        var trueFalse = items.Single(i => i.QuestionId == "one-true-false");
        if (trueFalse.Attempts >= ItemAnalysis.MinimumAnswers)
        {
            Assert.Contains("too easy", trueFalse.Flags);
        }
        Assert.Equal(("content/courses/sample-course/quiz.md", 49), (ordering.SourceFile, ordering.SourceLine));

        // Admins see it, with CSV; clinicians do not.
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);
        var (page, document) = await client.GetAsync("/admin/item-analysis");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("content/courses/sample-course/quiz.md:49", document.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var csv = await client.Http.GetStringAsync($"/admin/item-analysis?handler=Csv&version={versionId}");
        Assert.StartsWith("question_id,type,objective,source,attempts,facility,discrimination,flags,option_shares\r\n", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("\r\ntwo-ordering,Ordering,obj-two,content/courses/sample-course/quiz.md:49,12,0.500,", csv, StringComparison.Ordinal);

        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var other = PageClient.For(Factory);
        await other.SignInAsync(clinician.Email!);
        var (denied, _) = await other.GetAsync("/admin/item-analysis");
        Assert.Contains("access-denied", denied.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }
}
