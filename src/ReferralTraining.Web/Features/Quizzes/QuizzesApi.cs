using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Quizzes;

/// <summary>
/// JSON API for quiz attempts (used by the page's autosave script and by load tests). Cookie-authenticated:
/// requests must be JSON, which a cross-site form cannot send, and the auth cookie is SameSite=Lax.
/// </summary>
public static class QuizzesApi
{
    public sealed record AnswerDto(string QuestionId, IReadOnlyList<string> OptionIds);

    public sealed record AnswersRequest(IReadOnlyList<AnswerDto>? Answers);

    public sealed record OptionView(string Id, string Html);

    public sealed record QuestionView(string QuestionId, string Type, string? CaseHtml, string StemHtml, IReadOnlyList<OptionView> Options);

    public sealed record AttemptView(Guid Id, string CourseId, int Number, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt,
        int? ScorePercent, bool? Passed, int PassingScore, IReadOnlyList<QuestionView> Questions, IReadOnlyList<AnswerDto> Answers);

    public sealed record SubmitView(Guid AttemptId, int Number, int ScorePercent, bool Passed, int PassingScore, bool AlreadySubmitted);

    public static RouteGroupBuilder MapQuizzesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/quizzes").RequireAuthorization(Policies.Clinician).WithTags("Quizzes");
        group.MapPost("/courses/{courseId}/attempts", StartAsync);
        group.MapGet("/attempts/{attemptId:guid}", GetAsync);
        group.MapPut("/attempts/{attemptId:guid}/answers", SaveAsync);
        group.MapPost("/attempts/{attemptId:guid}/submit", SubmitAsync);
        return group;
    }

    private static async Task<Results<Ok<AttemptView>, ProblemHttpResult>> StartAsync(string courseId, ClaimsPrincipal user, QuizService quizzes, CancellationToken ct)
    {
        var (attempt, failure) = await quizzes.StartAsync(user.UserId(), courseId, ct);
        return attempt is null ? Problem(failure!) : TypedResults.Ok(View(attempt));
    }

    private static async Task<Results<Ok<AttemptView>, ProblemHttpResult>> GetAsync(Guid attemptId, ClaimsPrincipal user, QuizService quizzes, CancellationToken ct)
    {
        var attempt = await quizzes.FindAsync(user.UserId(), attemptId, ct);
        return attempt is null ? Problem(new QuizFailure(QuizProblem.AttemptNotFound, "There is no such attempt.")) : TypedResults.Ok(View(attempt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SaveAsync(Guid attemptId, AnswersRequest body, ClaimsPrincipal user, QuizService quizzes, CancellationToken ct)
    {
        if (body.Answers is null)
        {
            return Problem(new QuizFailure(QuizProblem.InvalidAnswer, "The body needs an 'answers' list."));
        }
        var failure = await quizzes.SaveAnswersAsync(user.UserId(), attemptId, ToAnswers(body.Answers), ct);
        return failure is null ? TypedResults.NoContent() : Problem(failure);
    }

    private static async Task<Results<Ok<SubmitView>, ProblemHttpResult>> SubmitAsync(Guid attemptId, AnswersRequest body, ClaimsPrincipal user, QuizService quizzes, CancellationToken ct)
    {
        if (body.Answers is null)
        {
            return Problem(new QuizFailure(QuizProblem.InvalidAnswer, "The body needs an 'answers' list."));
        }
        var (result, failure) = await quizzes.SubmitAsync(user.UserId(), attemptId, ToAnswers(body.Answers), ct);
        if (result is null)
        {
            return Problem(failure!);
        }
        var a = result.Attempt;
        return TypedResults.Ok(new SubmitView(a.Id, a.Number, a.ScorePercent ?? 0, a.Passed ?? false, a.PassingScore, result.AlreadySubmitted));
    }

    private static List<SavedAnswer> ToAnswers(IReadOnlyList<AnswerDto> answers) =>
        answers.Select(a => new SavedAnswer(a.QuestionId ?? "", a.OptionIds ?? [])).ToList();

    /// <summary>What a learner may see of an attempt: never which option is correct.</summary>
    public static AttemptView View(QuizAttempt a) => new(
        a.Id, a.CourseId, a.Number, a.StartedAt, a.SubmittedAt, a.ScorePercent, a.Passed, a.PassingScore,
        a.Questions.Select(q => new QuestionView(q.QuestionId, q.Type.ToString(), q.CaseHtml, q.StemHtml, q.Options.Select(o => new OptionView(o.Id, o.Html)).ToList())).ToList(),
        a.Answers.Select(x => new AnswerDto(x.QuestionId, x.OptionIds)).ToList());

    private static ProblemHttpResult Problem(QuizFailure failure)
    {
        var extensions = new Dictionary<string, object?> { ["problem"] = failure.Problem.ToString() };
        if (failure.RetryAt is not null)
        {
            extensions["retryAt"] = failure.RetryAt;
        }
        return TypedResults.Problem(failure.Message, statusCode: failure.StatusCode, title: Title(failure.Problem), extensions: extensions);
    }

    private static string Title(QuizProblem problem) => problem switch
    {
        QuizProblem.InvalidAnswer => "The answers are not valid for this attempt.",
        QuizProblem.AttemptClosed => "The attempt is already submitted.",
        QuizProblem.CoolingDown => "The next attempt is not open yet.",
        QuizProblem.NoAttemptsLeft => "No attempts left.",
        _ => "The quiz action was refused.",
    };
}
