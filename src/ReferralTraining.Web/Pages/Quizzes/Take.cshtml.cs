using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Pages.Quizzes;

[Authorize(Policy = Policies.Clinician)]
public sealed class TakeModel(AppDbContext db, QuizService quizzes) : PageModel
{
    public string CourseId { get; private set; } = "";
    public string CourseTitle { get; private set; } = "";
    public QuizStatus Status { get; private set; } = default!;
    public QuizApiView? Attempt { get; private set; }
    public string? Problem { get; private set; }
    public string TimeZoneId { get; private set; } = "UTC";

    /// <summary>The attempt as the page shows it: no answer key.</summary>
    public sealed record QuizApiView(Guid Id, int Number, IReadOnlyList<QuizzesApi.QuestionView> Questions, IReadOnlyDictionary<string, IReadOnlyList<string>> Answers);

    public async Task<IActionResult> OnGetAsync(string courseId, CancellationToken ct)
    {
        if (!await LoadAsync(courseId, ct))
        {
            return NotFound();
        }
        if (Status.OpenAttemptId is { } open)
        {
            Attempt = ToView((await quizzes.FindAsync(UserId, open, ct))!);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(string courseId, CancellationToken ct)
    {
        var (attempt, failure) = await quizzes.StartAsync(UserId, courseId, ct);
        if (attempt is null)
        {
            return await ShowProblemAsync(courseId, failure!.Message + (failure.RetryAt is { } at ? $" You can try again from {Format(at)}." : ""), ct);
        }
        return Redirect($"/quizzes/{Uri.EscapeDataString(courseId)}");
    }

    public async Task<IActionResult> OnPostSaveAsync(string courseId, Guid attemptId, CancellationToken ct)
    {
        var failure = await quizzes.SaveAnswersAsync(UserId, attemptId, await ReadAnswersAsync(attemptId, ct), ct);
        if (failure is not null)
        {
            return await ShowProblemAsync(courseId, failure.Message, ct);
        }
        TempData["Status"] = "Your answers are saved. You can come back and finish later.";
        return Redirect($"/quizzes/{Uri.EscapeDataString(courseId)}");
    }

    public async Task<IActionResult> OnPostSubmitAsync(string courseId, Guid attemptId, CancellationToken ct)
    {
        var (result, failure) = await quizzes.SubmitAsync(UserId, attemptId, await ReadAnswersAsync(attemptId, ct), ct);
        if (result is null)
        {
            return await ShowProblemAsync(courseId, failure!.Message, ct);
        }
        return Redirect($"/quizzes/{Uri.EscapeDataString(courseId)}/attempts/{result.Attempt.Number}");
    }

    /// <summary>Form fields: q.{question} = option (radio/checkbox), o.{question}.{option} = position (ordering).</summary>
    private async Task<List<SavedAnswer>> ReadAnswersAsync(Guid attemptId, CancellationToken ct)
    {
        var attempt = await quizzes.FindAsync(UserId, attemptId, ct);
        var answers = new List<SavedAnswer>();
        var form = Request.Form;
        foreach (var key in form.Keys.Where(k => k.StartsWith("q.", StringComparison.Ordinal)))
        {
            answers.Add(new SavedAnswer(key[2..], form[key].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList()));
        }
        foreach (var question in attempt?.Questions.Where(q => q.Type == QuestionType.Ordering) ?? [])
        {
            var positions = question.Options.Select(o => (o.Id, Position: int.TryParse(form[$"o.{question.QuestionId}.{o.Id}"], out var p) ? p : 0)).ToList();
            if (positions.All(p => p.Position == 0))
            {
                continue;
            }
            // Positions must be 1..n, each once. Anything else is passed on incomplete, and the service
            // refuses it with "give every step a different position".
            var isPermutation = positions.Select(p => p.Position).Order().SequenceEqual(Enumerable.Range(1, positions.Count));
            answers.Add(new SavedAnswer(question.QuestionId, isPermutation
                ? positions.OrderBy(p => p.Position).Select(p => p.Id).ToList()
                : [positions[0].Id]));
        }
        return answers;
    }

    private async Task<IActionResult> ShowProblemAsync(string courseId, string message, CancellationToken ct)
    {
        if (!await LoadAsync(courseId, ct))
        {
            return NotFound();
        }
        Problem = message;
        if (Status.OpenAttemptId is { } open)
        {
            Attempt = ToView((await quizzes.FindAsync(UserId, open, ct))!);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(string courseId, CancellationToken ct)
    {
        CourseId = courseId;
        var title = await db.Enrollments.AsNoTracking().Where(e => e.UserId == UserId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => v.Title).SingleOrDefaultAsync(ct);
        if (title is null)
        {
            return false;
        }
        CourseTitle = title;
        TimeZoneId = await db.Users.Where(u => u.Id == UserId).Select(u => u.TimeZoneId).SingleAsync(ct);
        Status = await quizzes.GetStatusAsync(UserId, courseId, ct);
        return true;
    }

    public string Format(DateTimeOffset at) => TimeZones.Format(at, TimeZoneId);

    private static QuizApiView ToView(QuizAttempt attempt)
    {
        var view = QuizzesApi.View(attempt);
        return new QuizApiView(attempt.Id, attempt.Number, view.Questions, attempt.Answers.ToDictionary(a => a.QuestionId, a => a.OptionIds));
    }

    private Guid UserId => User.UserId();
}
