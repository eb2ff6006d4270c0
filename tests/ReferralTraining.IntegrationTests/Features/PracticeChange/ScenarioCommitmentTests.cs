using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.PracticeChange;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Scenarios;

namespace ReferralTraining.IntegrationTests.Features.PracticeChange;

/// <summary>
/// Issue 19 item 6: checklist items missed in practice scenarios become suggested commitments, a commitment made from
/// one records the item, and the follow-ups ask about that behavior, with the answers in the outcomes report.
/// </summary>
public sealed class ScenarioCommitmentTests(AppFixture fixture) : AppTest(fixture)
{
    private const string Course = "sample-course";
    private const string Scenario = "fixture-first-meeting";
    private const string OfferContact = "fixture-steps.offer-contact";
    private const string OfferContactText = "Offers to connect the patient with a member before the first meeting";
    // Paths through the fixture scenario, as choice numbers: a good start, then only a printed list (misses offer-contact) …
    private static readonly int[] ListOnly = [1, 2];
    // … or telling him he must go, then repeating it (misses ask-experience and the MI-inconsistent no-confronting).
    private static readonly int[] Confronting = [2, 2];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = Factory.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>A clinician enrolled in the fixture course who has read it and passed its quiz, having played the given paths.</summary>
    private async Task<AppUser> ClinicianAsync(params int[][] paths)
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, TestZones.Where(Factory.Clock, h => h is >= 10 and < 18))));
        await WithAsync(async sp =>
        {
            var courses = sp.GetRequiredService<CourseService>();
            var quizzes = sp.GetRequiredService<QuizService>();
            await courses.EnrollAsync(user.Id, Course, CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, Course, 1, CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, Course, 2, CancellationToken.None);
            var (attempt, _) = await quizzes.StartAsync(user.Id, Course, CancellationToken.None);
            await quizzes.SubmitAsync(user.Id, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
                q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
            foreach (var path in paths)
            {
                Assert.NotNull(await sp.GetRequiredService<ScenarioService>().PlayAsync(user.Id, Course, Scenario, path, CancellationToken.None));
            }
            return true;
        });
        return user;
    }

    private Task<IReadOnlyList<CommitmentSuggestion>> SuggestionsAsync(Guid userId) =>
        WithAsync(sp => sp.GetRequiredService<CommitmentPlanner>().SuggestionsAsync(userId, Course, CancellationToken.None));

    private Task<IReadOnlyList<FieldError>> EvaluateAsync(Guid userId, params CommitmentInput[] commitments) =>
        WithAsync(sp => sp.GetRequiredService<CreditService>().SubmitEvaluationAsync(userId, Course, new EvaluationInput(5, true, 5, null, commitments, TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None));

    private static CommitmentInput FromItem(string text = $"Do this with each patient I refer: {OfferContactText}") =>
        new("first-practice", text, 4, 4, OfferContact);

    [Fact]
    public async Task Suggestions_AreTheItemsMissedInTheLatestAttempt_PreWorded_AndOnlyTheClinicianOwn()
    {
        var clinician = await ClinicianAsync(Confronting, ListOnly);
        // The latest attempt (the list-only path) missed only offer-contact; the earlier attempt's misses are not suggested.
        var suggestion = Assert.Single(await SuggestionsAsync(clinician.Id));
        Assert.Equal(new CommitmentSuggestion(OfferContact, OfferContactText, false, "It was not for me",
            $"Do this with each patient I refer: {OfferContactText}", null), suggestion);

        // Played again the confronting way: now that attempt is the latest, in the scenario's order, the one to avoid marked.
        await WithAsync(sp => sp.GetRequiredService<ScenarioService>().PlayAsync(clinician.Id, Course, Scenario, Confronting, CancellationToken.None));
        Assert.Equal(
            [("fixture-steps.ask-experience", false, "Do this with each patient I refer: Asks about the patient's past experience with meetings"),
             ("fixture-steps.no-confronting", true, "Avoid this with each patient I refer: Confronts the patient or argues for going")],
            (await SuggestionsAsync(clinician.Id)).Select(s => (s.Key, s.Avoid, s.Text)));

        // The commitment step offers them; choosing one pre-fills a commitment with its wording and item.
        using var page = PageClient.For(Factory);
        await page.SignInAsync(clinician.Email!);
        var (_, claim) = await page.GetAsync($"/certificates/claim/{Course}");
        Assert.Equal(["fixture-steps.ask-experience", "fixture-steps.no-confronting"],
            claim.QuerySelectorAll("input[name=suggest]").Select(i => i.GetAttribute("value")));
        var (_, chosen) = await page.GetAsync($"/certificates/claim/{Course}?suggest=fixture-steps.no-confronting");
        Assert.Equal("Avoid this with each patient I refer: Confronts the patient or argues for going",
            chosen.QuerySelector("#Evaluation_Commitments_0__Text")!.TextContent);
        Assert.Equal("fixture-steps.no-confronting", chosen.QuerySelector("#Evaluation_Commitments_0__ChecklistItem option[selected]")!.GetAttribute("value"));
        Assert.Equal("", chosen.QuerySelector("#Evaluation_Commitments_1__Text")!.TextContent);

        // Another clinician who played nothing sees none, and cannot pick up the first one's items through the query.
        var other = await ClinicianAsync();
        Assert.Empty(await SuggestionsAsync(other.Id));
        using var otherPage = PageClient.For(Factory);
        await otherPage.SignInAsync(other.Email!);
        var (response, theirs) = await otherPage.GetAsync($"/certificates/claim/{Course}?suggest=fixture-steps.no-confronting&suggest={OfferContact}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(theirs.QuerySelector("#Evaluation_Commitments_0__Text"));
        Assert.Empty(theirs.QuerySelectorAll("input[name=suggest]"));
        Assert.Equal("", theirs.QuerySelector("#Evaluation_Commitments_0__Text")!.TextContent);
        Assert.DoesNotContain("Confronts the patient", theirs.Body!.TextContent, StringComparison.Ordinal);
        // Nor submit a commitment about an item they never missed: refused, and nothing is written.
        var errors = await EvaluateAsync(other.Id, FromItem());
        Assert.Contains(errors, e => e.Field == "Commitments[0].ChecklistItem");
        Assert.False(await QueryAsync(db => db.CourseEvaluations.AnyAsync()));
        Assert.False(await QueryAsync(db => db.Set<Commitment>().AnyAsync()));
    }

    [Fact]
    public async Task ACommitmentFromAChecklistItem_RecordsTheItem_AndTheFollowUpAsksAboutTheBehavior()
    {
        var clinician = await ClinicianAsync(ListOnly);
        // The same item twice is refused; capped like any commitments.
        Assert.Contains(await EvaluateAsync(clinician.Id, FromItem(), FromItem("Call a member with the patient before the first meeting")), e => e.Field == "Commitments");
        Assert.Contains(await EvaluateAsync(clinician.Id, FromItem(), new("first-practice", "One change of my own here", 1, 3), new("second-practice", "Another change of my own", 1, 3),
            new("second-practice", "A fourth change of my own", 1, 3)), e => e.Field == "Commitments");
        Assert.Empty(await EvaluateAsync(clinician.Id, FromItem("Call a member with each patient before their first meeting"),
            new("second-practice", "Offer the second thing to every family I meet", 3, 3)));

        var commitments = await QueryAsync(db => db.Set<Commitment>().AsNoTracking().Where(c => c.UserId == clinician.Id).OrderBy(c => c.Number).ToListAsync());
        Assert.Equal(2, commitments.Count);
        Assert.Equal((OfferContact, OfferContactText, false, "Call a member with each patient before their first meeting"),
            (commitments[0].ChecklistItemKey, commitments[0].Behavior, commitments[0].AvoidBehavior, commitments[0].Text));
        Assert.Null(commitments[1].ChecklistItemKey);
        Assert.Null(commitments[1].Behavior);

        // 30 days on: the e-mail asks about the behavior itself.
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        await WithAsync(sp => sp.GetRequiredService<FollowUpJob>().RunAsync(CancellationToken.None));
        var question = FollowUpMessages.BehaviorQuestion(OfferContactText, avoid: false, 30);
        var body = await QueryAsync(db => db.OutboundEmails.Where(e => e.To == clinician.Email && e.Subject.StartsWith("How is your practice change going")).Select(e => e.TextBody).SingleAsync());
        Assert.Contains($"• Call a member with each patient before their first meeting\n  {question}", body, StringComparison.Ordinal);
        Assert.Equal(1, body.Split(question).Length - 1);

        // The form asks it too, for that commitment only, and requires an answer.
        var followUp = await QueryAsync(db => db.Set<FollowUp>().AsNoTracking().SingleAsync(f => f.UserId == clinician.Id && f.OffsetDays == 30));
        using var page = PageClient.For(Factory);
        await page.SignInAsync(clinician.Email!);
        var (_, form) = await page.GetAsync($"/follow-ups/{followUp.Id}");
        Assert.Equal(question, form.QuerySelector("#Responses_0__Behavior legend")!.TextContent.Trim());
        Assert.Equal(["Routinely", "Sometimes", "NotYet"], form.QuerySelectorAll("input[name='Responses[0].Behavior']").Select(i => i.GetAttribute("value")));
        Assert.Null(form.QuerySelector("#Responses_1__Behavior"));

        var service = (IServiceProvider sp) => sp.GetRequiredService<PracticeChangeService>();
        var missing = await WithAsync(sp => service(sp).SaveAsync(followUp.Id,
            [new(commitments[0].Id, Implementation.Partly, 2, [], null, null), new(commitments[1].Id, Implementation.Fully, 1, [], null, null)], null, CancellationToken.None));
        Assert.Equal(["Responses[0].Behavior"], missing.Select(e => e.Field));
        Assert.False(await QueryAsync(db => db.Set<CommitmentResponse>().AnyAsync()));
        Assert.Empty(await WithAsync(sp => service(sp).SaveAsync(followUp.Id,
            [new(commitments[0].Id, Implementation.Partly, 2, [], null, null, BehaviorUse.Sometimes), new(commitments[1].Id, Implementation.Fully, 1, [], null, null, BehaviorUse.Routinely)], null, CancellationToken.None)));
        var stored = await QueryAsync(db => db.Set<CommitmentResponse>().AsNoTracking().OrderBy(r => r.CommitmentId == commitments[0].Id ? 0 : 1).Select(r => r.Behavior).ToListAsync());
        // Stored for the checklist commitment; ignored for the other, which was not asked.
        Assert.Equal([BehaviorUse.Sometimes, null], stored);
        var (_, answered) = await page.GetAsync($"/follow-ups/{followUp.Id}");
        Assert.NotNull(answered.QuerySelector("#u-0-Sometimes[checked]"));
    }

    [Fact]
    public async Task TheOutcomesReport_ShowsHowOftenEachChecklistBehaviorWasPracticed_WithSmallCellsSuppressed()
    {
        var people = new List<AppUser>();
        for (var i = 0; i < 5; i++)
        {
            var person = await ClinicianAsync(ListOnly);
            Assert.Empty(await EvaluateAsync(person.Id, FromItem()));
            people.Add(person);
        }
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        foreach (var person in people)
        {
            await WithAsync(async sp =>
            {
                var followUp = await sp.GetRequiredService<Web.Data.AppDbContext>().Set<FollowUp>().AsNoTracking().SingleAsync(f => f.UserId == person.Id && f.OffsetDays == 30);
                var commitment = await sp.GetRequiredService<Web.Data.AppDbContext>().Set<Commitment>().AsNoTracking().SingleAsync(c => c.UserId == person.Id);
                return await sp.GetRequiredService<PracticeChangeService>().SaveAsync(followUp.Id,
                    [new(commitment.Id, Implementation.Fully, 3, [], null, null, BehaviorUse.Routinely)], null, CancellationToken.None);
            });
        }

        var report = await WithAsync(sp => sp.GetRequiredService<OutcomesService>().ForProviderAsync(Course, CancellationToken.None));
        var table = report.Tables.Single(t => t.Title == "Checklist behaviors practiced (latest follow-up answered)");
        Assert.Equal(["People answering", "Yes, with most patients", "With some patients", "Not yet"], table.Columns);
        var row = Assert.Single(table.Rows);
        Assert.Equal(OfferContactText, row.Label);
        Assert.Equal(["5", "5 (100% of 5 commitments answered)", "0 (0% of 5 commitments answered)", "0 (0% of 5 commitments answered)"], row.Cells);

        // Four people would be a small cell: the row is suppressed.
        var smaller = await WithAsync(async sp =>
        {
            await sp.GetRequiredService<Web.Data.AppDbContext>().Set<CommitmentResponse>()
                .Where(r => sp.GetRequiredService<Web.Data.AppDbContext>().Set<Commitment>().Any(c => c.Id == r.CommitmentId && c.UserId == people[0].Id)).ExecuteDeleteAsync();
            return await sp.GetRequiredService<OutcomesService>().ForProviderAsync(Course, CancellationToken.None);
        });
        var hidden = Assert.Single(smaller.Tables.Single(t => t.Title == table.Title).Rows);
        Assert.True(hidden.Suppressed);
        Assert.All(hidden.Cells, c => Assert.Equal(OutcomesService.Hidden(5), c));
    }
}
