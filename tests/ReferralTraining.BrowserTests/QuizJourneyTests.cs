using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

public sealed class QuizJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string CourseId = "intensive-referral";

    [Fact]
    public Task Clinician_FailsOnce_SeesFeedback_WaitsOutTheCoolDown_AndPasses() => JourneyAsync(nameof(Clinician_FailsOnce_SeesFeedback_WaitsOutTheCoolDown_AndPasses), async () =>
    {
        var user = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            await courses.EnrollAsync(user.Id, CourseId, CancellationToken.None);
            var modules = await scope.ServiceProvider.GetRequiredService<AppDbContext>().CourseModules
                .CountAsync(m => m.CourseVersionId == scope.ServiceProvider.GetRequiredService<AppDbContext>().Courses.Where(c => c.Id == CourseId).Select(c => c.CurrentVersionId).Single());
            for (var n = 1; n <= modules; n++)
            {
                await courses.RecordReadingAsync(user.Id, CourseId, n, CancellationToken.None);
            }
        }
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(user.Email!);
        await Page.GetByLabel("Password").FillAsync(Tests.Shared.AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Page.GotoAsync($"/courses/{CourseId}");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Go to the quiz" }).ClickAsync();
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start the quiz" }).ClickAsync();
        await AssertAccessibleAsync();

        // Attempt 1: every answer wrong.
        await AnswerAsync(correct: false);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Attempt 1: not passed" })).ToBeVisibleAsync();
        await Expect(Page.Locator(".feedback").First).ToBeVisibleAsync();
        await Expect(Page.Locator(".mark-correct")).ToHaveCountAsync(0);
        await AssertAccessibleAsync();

        // The cool-down holds the next attempt back until it has passed.
        await Page.GetByRole(AriaRole.Link, new() { Name = "try again" }).ClickAsync();
        await Expect(Page.GetByText("Your next attempt opens at")).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Start attempt 2" })).ToHaveCountAsync(0);
        Fixture.Factory.Clock.Advance(TimeSpan.FromMinutes(61));
        await Page.ReloadAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start attempt 2" }).ClickAsync();

        // Attempt 2: every answer right.
        await AnswerAsync(correct: true);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Attempt 2: passed" })).ToBeVisibleAsync();
        await Expect(Page.Locator("[data-testid=score]")).ToHaveTextAsync("100%");
        await Expect(Page.Locator(".mark-correct").First).ToBeVisibleAsync();
        await AssertAccessibleAsync();
    });

    /// <summary>Answers through the page like a person would; the key comes from the attempt's stored snapshot.</summary>
    private async Task AnswerAsync(bool correct)
    {
        await Expect(Page.Locator("#quiz-form")).ToBeVisibleAsync();
        var attemptId = Guid.Parse((await Page.Locator("#quiz-form").GetAttributeAsync("data-attempt-id"))!);
        QuizAttempt attempt;
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            attempt = await scope.ServiceProvider.GetRequiredService<AppDbContext>().QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId);
        }
        foreach (var q in attempt.Questions)
        {
            switch (q.Type)
            {
                case QuestionType.Ordering:
                    var order = correct ? q.CorrectOrder : q.CorrectOrder.Reverse().ToList();
                    for (var i = 0; i < order.Count; i++)
                    {
                        await Page.Locator($"#o-{q.QuestionId}-{order[i]}").SelectOptionAsync((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                    break;
                case QuestionType.Multiple:
                    foreach (var o in q.Options.Where(o => o.Correct == correct))
                    {
                        await Page.Locator($"#q-{q.QuestionId}-{o.Id}").CheckAsync();
                    }
                    break;
                default:
                    await Page.Locator($"#q-{q.QuestionId}-{q.Options.First(o => o.Correct == correct).Id}").CheckAsync();
                    break;
            }
        }
    }
}
