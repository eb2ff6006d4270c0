using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;

namespace ReferralTraining.IntegrationTests.Features.Quizzes;

public sealed class QuizAttemptsTests(AppFixture fixture) : AppTest(fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    /// <summary>A signed-in clinician who has read the whole sample course.</summary>
    private async Task<(AppUser User, PageClient Client)> ReadyLearnerAsync()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 1, CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 2, CancellationToken.None);
        }
        var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        return (user, client);
    }

    private static async Task<QuizzesApi.AttemptView> StartAsync(PageClient client)
    {
        var response = await client.Http.PostAsync("/api/v1/quizzes/courses/sample-course/attempts", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<QuizzesApi.AttemptView>(Json))!;
    }

    /// <summary>The right (or deliberately wrong) answers, looked up on the server side of the test.</summary>
    private async Task<List<QuizzesApi.AnswerDto>> AnswersAsync(Guid attemptId, bool correct)
    {
        var attempt = await QueryAsync(db => db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId));
        return attempt.Questions.Select(q => new QuizzesApi.AnswerDto(q.QuestionId, q.Type switch
        {
            Web.Features.Courses.Content.Quizzes.QuestionType.Ordering => correct ? q.CorrectOrder.ToList() : q.CorrectOrder.Reverse().ToList(),
            _ => correct ? q.Options.Where(o => o.Correct).Select(o => o.Id).ToList() : [q.Options.First(o => !o.Correct).Id],
        })).ToList();
    }

    private static Task<HttpResponseMessage> SubmitAsync(PageClient client, Guid attemptId, IReadOnlyList<QuizzesApi.AnswerDto> answers) =>
        client.Http.PostAsJsonAsync($"/api/v1/quizzes/attempts/{attemptId}/submit", new QuizzesApi.AnswersRequest(answers));

    [Fact]
    public async Task Quiz_IsClosedUntilEveryModuleIsRead()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(user.Id, "sample-course", CancellationToken.None);
        }
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var response = await client.Http.PostAsync("/api/v1/quizzes/courses/sample-course/attempts", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Read every module", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.QuizAttempts.CountAsync()));
    }

    [Fact]
    public async Task Attempt_DrawsFromThePool_AndThePageNeverContainsTheKey()
    {
        var (_, client) = await ReadyLearnerAsync();
        var attempt = await StartAsync(client);
        Assert.Equal(4, attempt.Questions.Count);
        var stored = await QueryAsync(db => db.QuizAttempts.AsNoTracking().SingleAsync());
        Assert.Equal(stored.Questions.Select(q => q.QuestionId), attempt.Questions.Select(q => q.QuestionId));

        var html = await client.Http.GetStringAsync("/quizzes/sample-course");
        var json = await client.Http.GetStringAsync($"/api/v1/quizzes/attempts/{attempt.Id}");
        foreach (var text in new[] { html, json })
        {
            Assert.DoesNotContain("\"correct\"", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Right, because", text, StringComparison.Ordinal); // option feedback
            Assert.DoesNotContain("Ask, plan, then follow up", text, StringComparison.Ordinal); // general feedback
        }
    }

    [Fact]
    public async Task StartingTwice_ResumesTheSameAttempt_WithSavedAnswers_AfterSigningOutAndBack()
    {
        var (user, client) = await ReadyLearnerAsync();
        var attempt = await StartAsync(client);
        var first = attempt.Questions.First(q => q.Type != "Ordering");
        var saved = await client.Http.PutAsJsonAsync($"/api/v1/quizzes/attempts/{attempt.Id}/answers",
            new QuizzesApi.AnswersRequest([new(first.QuestionId, [first.Options[0].Id])]));
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);

        using var again = PageClient.For(Factory);
        await again.SignInAsync(user.Email!);
        var resumed = await StartAsync(again);
        Assert.Equal(attempt.Id, resumed.Id);
        Assert.Equal([first.Options[0].Id], resumed.Answers.Single().OptionIds);
        var (_, page) = await again.GetAsync("/quizzes/sample-course");
        Assert.True(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>($"#q-{first.QuestionId}-{first.Options[0].Id}, #o-{first.QuestionId}-{first.Options[0].Id}") is not null);
        Assert.Equal(1, await QueryAsync(db => db.QuizAttempts.CountAsync()));
    }

    [Fact]
    public async Task Submit_GradesOnTheServer_AndDoubleSubmitRecordsOneAttempt()
    {
        var (_, client) = await ReadyLearnerAsync();
        var attempt = await StartAsync(client);
        var answers = await AnswersAsync(attempt.Id, correct: true);

        // Five concurrent submits (double click, retries): one attempt, one set of graded responses.
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SubmitAsync(client, attempt.Id, answers)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<QuizzesApi.SubmitView>(Json)));
        Assert.All(results, r => Assert.Equal((100, true), (r!.ScorePercent, r.Passed)));
        Assert.Equal(1, results.Count(r => !r!.AlreadySubmitted));

        Assert.Equal(1, await QueryAsync(db => db.QuizAttempts.CountAsync()));
        Assert.Equal(4, await QueryAsync(db => db.QuizResponses.CountAsync()));
        var stored = await QueryAsync(db => db.QuizAttempts.AsNoTracking().SingleAsync());
        Assert.Equal((100, true), (stored.ScorePercent, stored.Passed));
        Assert.NotNull(stored.SubmittedAt);
    }

    [Fact]
    public async Task FailedAttempt_ShowsFeedback_EnforcesCoolDown_ThenAllowsTheNext_UpToTheLimit()
    {
        var (_, client) = await ReadyLearnerAsync();
        for (var n = 1; n <= 3; n++)
        {
            var attempt = await StartAsync(client);
            Assert.Equal(n, attempt.Number);
            var result = await (await SubmitAsync(client, attempt.Id, await AnswersAsync(attempt.Id, correct: false))).Content.ReadFromJsonAsync<QuizzesApi.SubmitView>(Json);
            Assert.False(result!.Passed);

            var (_, review) = await client.GetAsync($"/quizzes/sample-course/attempts/{n}");
            Assert.NotEmpty(review.QuerySelectorAll(".feedback"));
            if (n < 3)
            {
                // Correct answers stay hidden before passing (reveal_answers: after_passing).
                Assert.Empty(review.QuerySelectorAll(".mark-correct"));
            }

            var tooSoon = await client.Http.PostAsync("/api/v1/quizzes/courses/sample-course/attempts", null);
            var problem = await tooSoon.Content.ReadFromJsonAsync<JsonElement>();
            if (n < 3)
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
                Assert.Equal("CoolingDown", problem.GetProperty("problem").GetString());
                Factory.Clock.Advance(TimeSpan.FromMinutes(61));
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, tooSoon.StatusCode);
                Assert.Equal("NoAttemptsLeft", problem.GetProperty("problem").GetString());
            }
        }
        Assert.Equal(3, await QueryAsync(db => db.QuizAttempts.CountAsync()));
    }

    [Fact]
    public async Task TamperedSubmissions_AreRefusedWithProblemDetails_AndStoreNothing()
    {
        var (_, client) = await ReadyLearnerAsync();
        var attempt = await StartAsync(client);
        var good = await AnswersAsync(attempt.Id, correct: true);

        var unknownOption = good.Select((a, i) => i == 0 ? a with { OptionIds = ["zz"] } : a).ToList();
        var foreignQuestion = good.Append(new QuizzesApi.AnswerDto("not-in-this-attempt", ["a"])).ToList();
        foreach (var tampered in new[] { unknownOption, foreignQuestion })
        {
            var response = await SubmitAsync(client, attempt.Id, tampered);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var missingBody = await client.Http.PostAsJsonAsync($"/api/v1/quizzes/attempts/{attempt.Id}/submit", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missingBody.StatusCode);
        Assert.Null(await QueryAsync(db => db.QuizAttempts.Select(a => a.SubmittedAt).SingleAsync()));
        Assert.Equal(0, await QueryAsync(db => db.QuizResponses.CountAsync()));

        // Someone else's attempt is not found, and stays untouched.
        var (_, other) = await ReadyLearnerAsync();
        var stolen = await SubmitAsync(other, attempt.Id, good);
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        var peek = await other.Http.GetAsync($"/api/v1/quizzes/attempts/{attempt.Id}");
        Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        Assert.Null(await QueryAsync(db => db.QuizAttempts.Where(a => a.Id == attempt.Id).Select(a => a.SubmittedAt).SingleAsync()));

        // A closed attempt cannot be changed afterwards.
        await SubmitAsync(client, attempt.Id, good);
        var late = await client.Http.PutAsJsonAsync($"/api/v1/quizzes/attempts/{attempt.Id}/answers", new QuizzesApi.AnswersRequest(good));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task Api_RequiresASignedInClinician()
    {
        using var anonymous = Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/quizzes/courses/sample-course/attempts", null)).StatusCode);
        var director = await Factory.CreateUserAsync(Roles.ProgramDirector);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(director.Email!);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.PostAsync("/api/v1/quizzes/courses/sample-course/attempts", null)).StatusCode);
    }

    [Fact]
    public async Task SnapshotAndGrading_DoNotChange_WhenTheContentIsEditedLater()
    {
        var root = RepoPaths.CopyFixtureContent();
        await Factory.PublishContentAsync(root);
        var (_, client) = await ReadyLearnerAsync();
        var attempt = await StartAsync(client);
        var answers = await AnswersAsync(attempt.Id, correct: true);
        await SubmitAsync(client, attempt.Id, answers);
        var before = await ReviewTextAsync(client);

        // The author rewrites the key and the wording in a new version.
        var quiz = Path.Combine(root, "courses", "sample-course", "quiz.md");
        File.WriteAllText(quiz, File.ReadAllText(quiz)
            .Replace("- [ ] Not a second thing", "- [x] Not a second thing", StringComparison.Ordinal)
            .Replace("- [x] Second thing two", "- [ ] Second thing two", StringComparison.Ordinal) // as many wrong options as right (item-writing rules)
            .Replace("Which are second things?", "Which are second things now?", StringComparison.Ordinal));
        var course = Path.Combine(root, "courses", "sample-course", "course.md");
        File.WriteAllText(course, File.ReadAllText(course).Replace("version: 1.0.0", "version: 2.0.0", StringComparison.Ordinal));
        Assert.Equal(["sample-course@2.0.0"], (await Factory.PublishContentAsync(root)).Published);

        Assert.Equal(before, await ReviewTextAsync(client));
        Assert.Contains("Which are second things?", before, StringComparison.Ordinal);
        var stored = await QueryAsync(db => db.QuizAttempts.AsNoTracking().SingleAsync());
        Assert.Equal(100, stored.ScorePercent);
    }

    private static async Task<string> ReviewTextAsync(PageClient client)
    {
        var (_, review) = await client.GetAsync("/quizzes/sample-course/attempts/1");
        return string.Join("\n", review.QuerySelectorAll(".result, .question-review").Select(e => e.InnerHtml));
    }

    [Fact]
    public async Task PageForm_SubmitsWithoutJavaScript_AndShowsTheReview()
    {
        var (_, client) = await ReadyLearnerAsync();
        var (started, _) = await client.SubmitAsync("/quizzes/sample-course", new Dictionary<string, string>(), "main form");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var attempt = await QueryAsync(db => db.QuizAttempts.AsNoTracking().SingleAsync());
        // A list, not a dictionary: a form sends one "q.<id>" pair per ticked box, and multiple-response questions
        // are only right with every correct box ticked.
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var q in attempt.Questions)
        {
            if (q.Type == Web.Features.Courses.Content.Quizzes.QuestionType.Ordering)
            {
                for (var i = 0; i < q.CorrectOrder.Count; i++)
                {
                    fields.Add(new($"o.{q.QuestionId}.{q.CorrectOrder[i]}", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            else
            {
                fields.AddRange(q.Options.Where(o => o.Correct).Select(o => new KeyValuePair<string, string>($"q.{q.QuestionId}", o.Id)));
            }
        }
        Assert.Contains(attempt.Questions, q => q.Options.Count(o => o.Correct) > 1); // the draw includes a multiple-response item
        var (_, form) = await client.GetAsync("/quizzes/sample-course");
        var token = form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#quiz-form input[name=__RequestVerificationToken]")!.Value;
        fields.Add(new("__RequestVerificationToken", token));
        fields.Add(new("attemptId", attempt.Id.ToString()));
        var submitted = await client.Http.PostAsync("/quizzes/sample-course?handler=Submit", new FormUrlEncodedContent(fields));
        Assert.Equal("/quizzes/sample-course/attempts/1", submitted.Headers.Location?.ToString());
        var (_, review) = await client.GetAsync("/quizzes/sample-course/attempts/1");
        // Every answer right, sent the way a browser without JavaScript sends it: exactly 100 %, on the page and stored.
        Assert.Equal("100%", review.QuerySelector("[data-testid=score]")!.TextContent.Trim());
        Assert.Equal(100, await QueryAsync(db => db.QuizAttempts.Select(a => a.ScorePercent).SingleAsync()));
        Assert.NotNull(await QueryAsync(db => db.QuizAttempts.Select(a => a.SubmittedAt).SingleAsync()));
    }
}
