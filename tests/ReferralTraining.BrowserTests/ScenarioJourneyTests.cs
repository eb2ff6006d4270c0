using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Scenarios;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

/// <summary>
/// Issue 19's browser journey: a clinician plays the course's required scenario by keyboard only on a 360 px phone,
/// takes a wrong turn, reads its feedback and the debrief, retries with the first path beside the second, passes,
/// and the course's completion rule counts the passing attempt. Every player and debrief page is checked for
/// horizontal overflow and for serious or critical axe violations.
/// </summary>
public sealed class ScenarioJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string CourseId = "intensive-referral";
    private const string ScenarioId = "higher-power";
    private const int Phone = 360;
    /// <summary>More Tab presses than any page here has focusable elements: a missing target fails instead of looping.</summary>
    private const int MaxTabs = 200;

    private readonly List<string> problems = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Generous waits for conditions, never sleeps: on a loaded 2-core machine a page can take many seconds.
        Page.SetDefaultTimeout(120_000);
        Page.SetDefaultNavigationTimeout(120_000);
        Assertions.SetDefaultExpectTimeout(60_000);
    }

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    [Fact]
    public Task Clinician_PlaysByKeyboard_TakesAWrongTurn_ReadsTheDebrief_Retries_AndTheCourseCountsThePass() =>
        JourneyAsync(nameof(Clinician_PlaysByKeyboard_TakesAWrongTurn_ReadsTheDebrief_Retries_AndTheCourseCountsThePass), async () =>
    {
        var clinician = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
        // Everything but the scenario, through the app's services: enroll, read, pass the quiz, evaluate.
        var scenario = await WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var courses = sp.GetRequiredService<CourseService>();
            var quizzes = sp.GetRequiredService<QuizService>();
            await courses.EnrollAsync(clinician.Id, CourseId, CancellationToken.None);
            var versionId = await db.Courses.Where(c => c.Id == CourseId).Select(c => c.CurrentVersionId).SingleAsync();
            foreach (var n in await db.CourseModules.Where(m => m.CourseVersionId == versionId).Select(m => m.Number).ToListAsync())
            {
                await courses.RecordReadingAsync(clinician.Id, CourseId, n, CancellationToken.None);
            }
            var (attempt, _) = await quizzes.StartAsync(clinician.Id, CourseId, CancellationToken.None);
            await quizzes.SubmitAsync(clinician.Id, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
                q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
            Assert.Empty(await sp.GetRequiredService<CreditService>().SubmitEvaluationAsync(clinician.Id, CourseId, new EvaluationInput(4, true, 4, null,
                [new("intensive-referral", "Call a group member with the patient in the room before the session ends", 5, 4)], TestEvaluations.AllMet(TestEvaluations.IntensiveReferralObjectives), IntentToChange.Yes), CancellationToken.None));
            return (await sp.GetRequiredService<ScenarioService>().FindScenarioAsync(clinician.Id, CourseId, ScenarioId, CancellationToken.None))!;
        });
        var minimum = (await WithAsync(sp => sp.GetRequiredService<ScenarioService>().ListAsync(clinician.Id, CourseId, CancellationToken.None))).Single(s => s.Id == ScenarioId).MinFidelity!.Value;

        // The wrong turn: a good start, then at "connect" leaving the call to the patient instead of making it in the session.
        var wrongTurn = WrongTurnPath(scenario);
        var keyed = ScenarioPaths.Keyed(scenario);
        var wrongScore = ScenarioPaths.Score(scenario, wrongTurn);
        Assert.True(wrongScore < minimum, $"the wrong-turn path scores {wrongScore}%, below the course's {minimum}%");
        Assert.True(ScenarioPaths.Score(scenario, keyed) >= minimum);

        await Page.SetViewportSizeAsync(Phone, 740);
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(clinician.Email!);
        await Page.GetByLabel("Password").FillAsync(AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        // Before: the claim page lists the scenario as not yet done and offers no claim.
        await Page.GotoAsync($"/certificates/claim/{CourseId}");
        var requirement = Page.Locator(".checklist li", new() { HasText = "practice scenario" });
        await Expect(requirement).ToContainTextAsync("Not yet");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Claim your credit" })).ToHaveCountAsync(0);

        // Attempt 1, keyboard only.
        await Page.GotoAsync($"/courses/{CourseId}/scenarios/{ScenarioId}");
        await TabToAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Start the scenario" }));
        await Page.Keyboard.PressAsync("Enter");
        await PlayAsync(scenario, wrongTurn, expectFeedbackOnLast: scenario.Node("connect")!.Choices.Single(c => c.Number == wrongTurn[^1]));

        // The debrief: the path taken, the item missed with its teaching point, and the score.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Debrief: {scenario.Title}");
        await Expect(Page.Locator("[data-testid=fidelity]")).ToHaveTextAsync($"{wrongScore}%");
        await Expect(Page.Locator(".scenario-path").First.Locator("> li")).ToHaveCountAsync(wrongTurn.Count);
        var connectItem = scenario.Assesses.Single(i => i.Key == "intensive-referral.connect-in-session");
        var missed = Page.Locator(".scenario-items li", new() { HasText = connectItem.Text });
        await Expect(missed).ToContainTextAsync("Missed");
        await Expect(missed).ToHaveClassAsync("item-missed");
        await Expect(Page.Locator("#previous-title")).ToHaveCountAsync(0);
        await CheckPhoneAndAxeAsync("debrief 1");

        // Retry from the debrief; the keyed path this time.
        await TabToAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Try again" }));
        await Page.Keyboard.PressAsync("Enter");
        await PlayAsync(scenario, keyed, expectFeedbackOnLast: null);
        var keyedScore = ScenarioPaths.Score(scenario, keyed);
        await Expect(Page.Locator("[data-testid=fidelity]")).ToHaveTextAsync($"{keyedScore}%");
        await Expect(Page.Locator(".scenario-score")).ToContainTextAsync("attempt 2");
        await Expect(Page.Locator(".scenario-items li", new() { HasText = connectItem.Text })).ToHaveClassAsync("item-met");
        // The first path kept beside the second, for comparison.
        await Expect(Page.Locator("#previous-title")).ToHaveTextAsync($"Previous attempt (1): {wrongScore}%");
        var previous = Page.Locator(".scenario-path.previous > li");
        await Expect(previous).ToHaveCountAsync(wrongTurn.Count);
        await Expect(previous.Last).ToContainTextAsync(TextOf(scenario, wrongTurn, wrongTurn.Count - 1));
        await CheckPhoneAndAxeAsync("debrief 2");

        // After: the completion rule counts the passing attempt, and the claim is offered.
        await Page.GotoAsync($"/certificates/claim/{CourseId}");
        await Expect(requirement).ToContainTextAsync("Done");
        await Expect(requirement).ToContainTextAsync($"your best: {keyedScore}%");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Claim your credit" })).ToBeVisibleAsync();
        await Expect(Page.Locator("[data-testid=scenario-time]")).ToBeVisibleAsync();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var attempts = await WithAsync(sp => sp.GetRequiredService<AppDbContext>().ScenarioAttempts.AsNoTracking()
            .Where(a => a.UserId == clinician.Id).OrderBy(a => a.Number).Select(a => new { a.Number, a.FidelityPercent, a.FinishedAt }).ToListAsync());
        Assert.Equal([(1, (int?)wrongScore), (2, (int?)keyedScore)], attempts.Select(a => (a.Number, a.FidelityPercent)));
        Assert.All(attempts, a => Assert.NotNull(a.FinishedAt));
    });

    /// <summary>The keyed path up to the "connect" node, then the choice that leaves the call to the patient.</summary>
    private static List<int> WrongTurnPath(ScenarioDefinition scenario)
    {
        var keyed = ScenarioPaths.Keyed(scenario);
        var path = new List<int>();
        var nodeId = scenario.StartNodeId;
        foreach (var number in keyed)
        {
            if (nodeId == "connect")
            {
                var wrong = scenario.Node(nodeId)!.Choices.Single(c => c.Text.Contains("when you get home", StringComparison.Ordinal));
                path.Add(wrong.Number);
                Assert.True(scenario.Node(wrong.Next)!.IsEnd, "the wrong turn ends the scenario");
                return path;
            }
            path.Add(number);
            nodeId = scenario.Node(nodeId)!.Choices.Single(c => c.Number == number).Next;
        }
        throw new InvalidOperationException("the keyed path does not pass the connect node");
    }

    private static string TextOf(ScenarioDefinition scenario, IReadOnlyList<int> path, int index) =>
        ScenarioPaths.Steps(scenario, path)[index] is var step ? scenario.Node(step.NodeId)!.Choices.Single(c => c.Number == step.ChoiceNumber).Text : "";

    /// <summary>
    /// Plays a path in the player by keyboard: at each node Tab into the choices, arrow to the one wanted, Tab to
    /// Choose and Enter; on the feedback Tab to the button and Enter. Focus must land on each new step's heading.
    /// </summary>
    private async Task PlayAsync(ScenarioDefinition scenario, IReadOnlyList<int> path, ScenarioChoice? expectFeedbackOnLast)
    {
        var nodeId = scenario.StartNodeId;
        for (var i = 0; i < path.Count; i++)
        {
            var choice = scenario.Node(nodeId)!.Choices.Single(c => c.Number == path[i]);
            var heading = Page.Locator("#current");
            await Expect(heading).ToHaveTextAsync($"Step {i + 1}: what happens");
            await Expect(heading).ToBeFocusedAsync();
            if (i == 0)
            {
                await CheckPhoneAndAxeAsync("player node");
            }

            // Into the radio group (the first radio takes focus), then the arrow keys move and select.
            await TabToAsync(Page.Locator("input[name=choice]").First);
            var target = Page.Locator($"#choice-{choice.Number}");
            for (var presses = 0; !await IsFocusedAsync(target); presses++)
            {
                Assert.True(presses < 10, $"arrow keys did not reach choice {choice.Number}");
                await Page.Keyboard.PressAsync("ArrowDown");
            }
            if (!await target.IsCheckedAsync())
            {
                await Page.Keyboard.PressAsync("Space");
            }
            await Expect(target).ToBeCheckedAsync();
            await TabToAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Choose", Exact = true }));
            await Page.Keyboard.PressAsync("Enter");

            // The feedback on that choice, read before going on.
            await Expect(heading).ToHaveTextAsync("Feedback on your choice");
            await Expect(heading).ToBeFocusedAsync();
            await Expect(Page.Locator(".scenario-you-chose")).ToContainTextAsync(choice.Text);
            if (i == path.Count - 1 && expectFeedbackOnLast is not null)
            {
                // The wrong turn's teaching feedback, as authored.
                await Expect(Page.Locator(".scenario-feedback .prose")).ToContainTextAsync("the call is the hardest step");
                await CheckPhoneAndAxeAsync("player feedback");
            }
            var last = i == path.Count - 1;
            await TabToAsync(Page.GetByRole(AriaRole.Button, new() { Name = last ? "See how it ends and your debrief" : "Continue" }));
            await Page.Keyboard.PressAsync("Enter");
            nodeId = choice.Next;
        }
        await Expect(Page.Locator("#current")).ToHaveTextAsync($"Debrief: {scenario.Title}");
        await Expect(Page.Locator("#current")).ToBeFocusedAsync();
    }

    private static Task<bool> IsFocusedAsync(ILocator locator) => locator.EvaluateAsync<bool>("e => e === document.activeElement");

    /// <summary>Presses Tab until the element has focus (a page where it cannot be reached by Tab fails).</summary>
    private async Task TabToAsync(ILocator locator)
    {
        await Expect(locator).ToBeVisibleAsync();
        for (var presses = 0; !await IsFocusedAsync(locator); presses++)
        {
            Assert.True(presses < MaxTabs, $"{locator} was not reached with {MaxTabs} Tab presses on {Page.Url}");
            await Page.Keyboard.PressAsync("Tab");
        }
    }

    /// <summary>Collects (does not throw) overflow at 360 px and serious/critical axe violations, so one run names them all.</summary>
    private async Task CheckPhoneAndAxeAsync(string what)
    {
        var overflow = await Page.EvaluateAsync<string?>(PageTourTests.WidestElementScript, Phone);
        if (overflow is not null)
        {
            problems.Add($"{what}: wider than {Phone} px: {overflow}");
        }
        var axe = await Page.RunAxe();
        foreach (var v in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            problems.Add($"{what}: axe {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}");
        }
    }
}
