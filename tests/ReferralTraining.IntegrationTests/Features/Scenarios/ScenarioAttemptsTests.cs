using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Scenarios;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.IntegrationTests.Features.Scenarios;

/// <summary>The player over plain form posts (no JavaScript), scoring, snapshots, the completion rule and isolation.</summary>
public sealed class ScenarioAttemptsTests(AppFixture fixture) : AppTest(fixture)
{
    private const string ScenarioId = "fixture-first-meeting";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private async Task<(AppUser User, PageClient Client)> EnrolledAsync()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(user.Id, "sample-course", CancellationToken.None);
        }
        var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        return (user, client);
    }

    /// <summary>Post/redirect/get: the test client does not follow redirects, so this does.</summary>
    private static async Task<(HttpResponseMessage Response, AngleSharp.Dom.IDocument Document)> FollowAsync(PageClient client, Task<(HttpResponseMessage Response, AngleSharp.Dom.IDocument Document)> post)
    {
        var result = await post;
        for (var hops = 0; hops < 3 && result.Response.StatusCode == HttpStatusCode.Redirect; hops++)
        {
            var location = result.Response.Headers.Location!;
            result = await client.GetAsync(location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString.Split('#')[0]);
        }
        return result;
    }

    private static async Task<Guid> StartAsync(PageClient client)
    {
        var (response, _) = await FollowAsync(client, client.SubmitAsync($"/courses/sample-course/scenarios/{ScenarioId}", new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/scenarios/attempts/", path, StringComparison.Ordinal);
        return Guid.Parse(path["/scenarios/attempts/".Length..]);
    }

    /// <summary>Chooses by the choice's number at the node on screen, then reads the feedback page.</summary>
    private static async Task<AngleSharp.Dom.IDocument> ChooseAsync(PageClient client, Guid attemptId, int choice)
    {
        var (response, page) = await FollowAsync(client, client.SubmitAsync($"/scenarios/attempts/{attemptId}", new Dictionary<string, string> { ["choice"] = choice.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Feedback on your choice", page.QuerySelector("#current")!.TextContent);
        return page;
    }

    private static async Task<AngleSharp.Dom.IDocument> ContinueAsync(PageClient client, Guid attemptId)
    {
        var (response, page) = await FollowAsync(client, client.SubmitAsync($"/scenarios/attempts/{attemptId}", new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page;
    }

    [Fact]
    public async Task WrongTurn_FeedbackThenDebrief_ScoresMetMissedAndNotShown()
    {
        var (user, client) = await EnrolledAsync();
        var attemptId = await StartAsync(client);
        var (_, first) = await client.GetAsync($"/scenarios/attempts/{attemptId}");
        Assert.Contains("felt out of place", first.QuerySelector(".scenario-patient")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, first.QuerySelectorAll("fieldset.scenario-choices input[type=radio][name=choice]").Length);
        Assert.Equal("What do you say or do?", first.QuerySelector("fieldset.scenario-choices legend")!.TextContent);

        // The wrong turn: its feedback comes before the next node.
        var feedback = await ChooseAsync(client, attemptId, 2);
        Assert.Contains("invites him to argue back", feedback.QuerySelector(".scenario-feedback")!.TextContent, StringComparison.Ordinal);
        Assert.Null(feedback.QuerySelector("fieldset.scenario-choices"));
        // A reload still shows the feedback: state is on the server.
        var (_, reloaded) = await client.GetAsync($"/scenarios/attempts/{attemptId}");
        Assert.Contains("invites him to argue back", reloaded.Body!.TextContent, StringComparison.Ordinal);

        var pushback = await ContinueAsync(client, attemptId);
        Assert.Contains("crosses his arms", pushback.QuerySelector(".scenario-patient")!.TextContent, StringComparison.Ordinal);
        await ChooseAsync(client, attemptId, 1);
        await ContinueAsync(client, attemptId);
        await ChooseAsync(client, attemptId, 1);
        var debrief = await ContinueAsync(client, attemptId);

        Assert.Equal("66%", debrief.QuerySelector("[data-testid=fidelity]")!.TextContent);
        Assert.Contains("agrees to the call", debrief.QuerySelector(".scenario-ending")!.TextContent, StringComparison.Ordinal);
        var items = debrief.QuerySelectorAll(".scenario-items li").Select(li => li.TextContent).ToList();
        Assert.StartsWith("Met: Asks about", items[0].Trim(), StringComparison.Ordinal);
        Assert.StartsWith("Met: Offers to connect", items[1].Trim(), StringComparison.Ordinal);
        Assert.StartsWith("Happened: avoid: Confronts", items[2].Trim(), StringComparison.Ordinal);
        Assert.Contains("Arguing invites the patient to argue back", items[2], StringComparison.Ordinal);
        Assert.Equal(3, debrief.QuerySelectorAll(".scenario-path:not(.previous) > li").Length);

        var row = await QueryAsync(db => db.ScenarioAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        Assert.Equal((user.Id, 66, "linked"), (row.UserId, row.FidelityPercent, row.CurrentNodeId));
        Assert.Equal(["start:2", "pushback:1", "contact:1"], row.Steps.Select(s => $"{s.NodeId}:{s.ChoiceNumber}"));
        Assert.Equal([ScenarioItemOutcome.Met, ScenarioItemOutcome.Met, ScenarioItemOutcome.Missed], row.Results.Select(r => r.Outcome));
        Assert.NotNull(row.FinishedAt);
        Assert.True(row.FinishedAt >= row.StartedAt);
    }

    [Fact]
    public async Task Retry_KeepsThePreviousPathBesideTheNewOne()
    {
        var (_, client) = await EnrolledAsync();
        var first = await StartAsync(client);
        await ChooseAsync(client, first, 1);
        await ContinueAsync(client, first);
        await ChooseAsync(client, first, 2);
        var firstDebrief = await ContinueAsync(client, first);
        Assert.Equal("66%", firstDebrief.QuerySelector("[data-testid=fidelity]")!.TextContent);
        Assert.StartsWith("Missed: Offers to connect the patient with a member",
            string.Join(' ', firstDebrief.QuerySelectorAll(".scenario-items li > p")[1].TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        var (retry, _) = await FollowAsync(client, client.SubmitAsync($"/scenarios/attempts/{first}/debrief", new Dictionary<string, string>()));
        var second = Guid.Parse(retry.RequestMessage!.RequestUri!.AbsolutePath["/scenarios/attempts/".Length..]);
        Assert.NotEqual(first, second);
        await ChooseAsync(client, second, 1);
        await ContinueAsync(client, second);
        await ChooseAsync(client, second, 1);
        var debrief = await ContinueAsync(client, second);
        Assert.Equal("100%", debrief.QuerySelector("[data-testid=fidelity]")!.TextContent);
        Assert.Contains("Previous attempt (1): 66%", debrief.QuerySelector("#previous-title")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("printed meeting list", debrief.QuerySelector(".scenario-path.previous")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgressIsSaved_AndAStalePostChangesNothing()
    {
        var (user, client) = await EnrolledAsync();
        var attemptId = await StartAsync(client);
        await ChooseAsync(client, attemptId, 1);
        await ContinueAsync(client, attemptId);

        // The back button, then the old form again: the start node was answered already.
        var token = await client.AntiforgeryTokenAsync();
        await client.PostAsync($"/scenarios/attempts/{attemptId}?handler=Choose", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["nodeId"] = "start", ["choice"] = "2",
        });
        var row = await QueryAsync(db => db.ScenarioAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        Assert.Equal((1, "contact", false), (row.Steps.Count, row.CurrentNodeId, row.FeedbackPending));

        // Starting again resumes the open attempt rather than opening a second.
        using var other = PageClient.For(Factory);
        await other.SignInAsync(user.Email!);
        Assert.Equal(attemptId, await StartAsync(other));
        var (_, page) = await other.GetAsync($"/scenarios/attempts/{attemptId}");
        Assert.Contains("did not know anyone there", page.QuerySelector(".scenario-patient")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await QueryAsync(db => db.ScenarioAttempts.CountAsync()));
    }

    [Fact]
    public async Task NoChoice_IsAClearMessage_AndNothingIsWritten()
    {
        var (_, client) = await EnrolledAsync();
        var attemptId = await StartAsync(client);
        var (response, page) = await client.SubmitAsync($"/scenarios/attempts/{attemptId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Choose one of the options", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        var row = await QueryAsync(db => db.ScenarioAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        Assert.Empty(row.Steps);
    }

    [Fact]
    public async Task AnotherClinician_CannotReadOrPlayYourAttempt()
    {
        var (_, owner) = await EnrolledAsync();
        var attemptId = await StartAsync(owner);
        await ChooseAsync(owner, attemptId, 1);

        var (_, intruder) = await EnrolledAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/scenarios/attempts/{attemptId}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/scenarios/attempts/{attemptId}/debrief")).Response.StatusCode);
        var token = await intruder.AntiforgeryTokenAsync();
        await intruder.PostAsync($"/scenarios/attempts/{attemptId}?handler=Continue", new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        var (response, _) = await intruder.PostAsync($"/scenarios/attempts/{attemptId}?handler=Choose", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["nodeId"] = "contact", ["choice"] = "1",
        });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var row = await QueryAsync(db => db.ScenarioAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        Assert.Equal((1, true), (row.Steps.Count, row.FeedbackPending));
    }

    [Fact]
    public async Task ChoicePost_WithoutAntiforgeryToken_IsRefused()
    {
        var (_, client) = await EnrolledAsync();
        var attemptId = await StartAsync(client);
        var (response, _) = await client.PostAsync($"/scenarios/attempts/{attemptId}?handler=Choose", new Dictionary<string, string> { ["nodeId"] = "start", ["choice"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await QueryAsync(db => db.ScenarioAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId))).Steps);
    }

    [Fact]
    public async Task EditingPublishedContent_NeverChangesAnAttempt()
    {
        var (_, client) = await EnrolledAsync();
        var finished = await StartAsync(client);
        await ChooseAsync(client, finished, 1);
        await ContinueAsync(client, finished);
        await ChooseAsync(client, finished, 1);
        await ContinueAsync(client, finished);
        var open = await StartAsync(client);

        // Rewrite what the course version holds: feedback, scoring tags and all. Attempts read their own snapshot.
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
            var version = await db.CourseVersions.SingleAsync(v => v.CourseId == "sample-course");
            version.Scenarios = version.Scenarios.Select(s => s with
            {
                Nodes = s.Nodes.Select(n => n with
                {
                    Html = "<p>EDITED</p>",
                    Choices = n.Choices.Select(c => c with { FeedbackHtml = "<p>EDITED</p>", Meets = [], Misses = [] }).ToList(),
                }).ToList(),
            }).ToList();
            await db.SaveChangesAsync();
        }

        var (_, debrief) = await client.GetAsync($"/scenarios/attempts/{finished}/debrief");
        Assert.Equal("100%", debrief.QuerySelector("[data-testid=fidelity]")!.TextContent);
        Assert.DoesNotContain("EDITED", debrief.Body!.TextContent, StringComparison.Ordinal);
        var (_, page) = await client.GetAsync($"/scenarios/attempts/{open}");
        Assert.Contains("felt out of place", page.QuerySelector(".scenario-patient")!.TextContent, StringComparison.Ordinal);
        await ChooseAsync(client, open, 2);
        await ContinueAsync(client, open);
        await ChooseAsync(client, open, 2);
        var second = await ContinueAsync(client, open);
        Assert.Equal("0%", second.QuerySelector("[data-testid=fidelity]")!.TextContent);
    }

    [Fact]
    public async Task RequiredScenario_IsPartOfTheCompletionRule()
    {
        var (user, client) = await EnrolledAsync();
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
            var version = await db.CourseVersions.SingleAsync(v => v.CourseId == "sample-course");
            version.ScenarioRequirement = new ScenarioRequirement([ScenarioId], 75);
            await db.SaveChangesAsync();
        }
        async Task<ClaimStatus> StatusAsync()
        {
            using var scope = Factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CreditService>().GetStatusAsync(user.Id, "sample-course", CancellationToken.None);
        }
        Assert.False((await StatusAsync()).ScenariosPassed);

        var low = await StartAsync(client);
        await ChooseAsync(client, low, 2);
        await ContinueAsync(client, low);
        await ChooseAsync(client, low, 1);
        await ContinueAsync(client, low);
        await ChooseAsync(client, low, 1);
        await ContinueAsync(client, low);
        var status = await StatusAsync();
        Assert.Equal(66, Assert.Single(status.RequiredScenarios!).BestPercent);
        Assert.False(status.ScenariosPassed);
        var (_, claim) = await client.GetAsync("/certificates/claim/sample-course");
        Assert.Contains("practice scenario It was not for me at 75% fidelity or more (your best: 66%)", claim.QuerySelector(".checklist")!.TextContent, StringComparison.Ordinal);

        var high = await StartAsync(client);
        await ChooseAsync(client, high, 1);
        await ContinueAsync(client, high);
        await ChooseAsync(client, high, 1);
        await ContinueAsync(client, high);
        Assert.True((await StatusAsync()).ScenariosPassed);
        var (_, course) = await client.GetAsync("/courses/sample-course");
        Assert.Contains("required at 75% fidelity: 1 of 1 done", course.QuerySelector("[data-testid=scenario-progress]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeInTheScenario_CountsAsEngagedTime_EachStepCapped()
    {
        var (user, client) = await EnrolledAsync();
        Factory.Clock.Freeze();
        var attemptId = await StartAsync(client);
        Factory.Clock.Advance(TimeSpan.FromSeconds(40));
        await ChooseAsync(client, attemptId, 1);
        Factory.Clock.Advance(TimeSpan.FromSeconds(25));
        await ContinueAsync(client, attemptId);
        // A tab left open for an hour (within the sign-in's idle limit) earns one step's cap, not the hour.
        Factory.Clock.Advance(TimeSpan.FromHours(1));
        await ChooseAsync(client, attemptId, 1);
        await ContinueAsync(client, attemptId);

        var expected = 40 + 25 + (int)ScenarioService.MaxCreditPerStep.TotalSeconds;
        var row = await QueryAsync(db => db.ScenarioAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        Assert.Equal(expected, row.EngagedSeconds);
        using (var scope = Factory.Services.CreateScope())
        {
            var status = await scope.ServiceProvider.GetRequiredService<CreditService>().GetStatusAsync(user.Id, "sample-course", CancellationToken.None);
            Assert.Equal((expected, status.RecordedReadingSeconds + expected), (status.RecordedScenarioSeconds, status.RecordedEngagedSeconds));
        }
    }

    [Fact]
    public async Task KeyedPath_IsTheHighestScoringPath_AndPlayingItPassesTheRequirement()
    {
        var (user, _) = await EnrolledAsync();
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
            var version = await db.CourseVersions.SingleAsync(v => v.CourseId == "sample-course");
            version.ScenarioRequirement = new ScenarioRequirement([ScenarioId], 75);
            await db.SaveChangesAsync();
        }
        using (var scope = Factory.Services.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ScenarioService>();
            var scenario = (await service.FindScenarioAsync(user.Id, "sample-course", ScenarioId, CancellationToken.None))!;
            Assert.Equal([1, 1], ScenarioPaths.Keyed(scenario));
            Assert.Equal(100, ScenarioPaths.Score(scenario, [1, 1]));
            await service.PassRequiredAsync(user.Id, "sample-course", CancellationToken.None);
            Assert.Empty(await service.UnmetRequirementsAsync(user.Id, "sample-course", CancellationToken.None));
        }
        var row = await QueryAsync(db => db.ScenarioAttempts.AsNoTracking().SingleAsync(a => a.UserId == user.Id));
        Assert.Equal((100, "linked", 2), (row.FidelityPercent, row.CurrentNodeId, row.Steps.Count));
    }
}
