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
public sealed class ReviewModel(AppDbContext db, QuizService quizzes) : PageModel
{
    public sealed record OptionReview(string Html, bool Chosen, bool? Correct, string? FeedbackHtml, int? Position);

    public sealed record QuestionReview(int Number, QuestionType Type, string? CaseHtml, string StemHtml, double Credit, IReadOnlyList<OptionReview> Options, string GeneralFeedbackHtml, IReadOnlyList<string>? CorrectOrder);

    public string CourseId { get; private set; } = "";
    public string CourseTitle { get; private set; } = "";
    public QuizAttempt Attempt { get; private set; } = default!;
    public bool RevealCorrect { get; private set; }
    public QuizStatus Status { get; private set; } = default!;
    public IReadOnlyList<QuestionReview> Questions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string courseId, int number, CancellationToken ct)
    {
        var userId = User.UserId();
        var attempt = await db.QuizAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == userId && a.CourseId == courseId && a.Number == number, ct);
        if (attempt is null)
        {
            return NotFound();
        }
        if (attempt.SubmittedAt is null)
        {
            return Redirect($"/quizzes/{Uri.EscapeDataString(courseId)}");
        }
        CourseId = courseId;
        Attempt = attempt;
        var version = await db.CourseVersions.AsNoTracking().Where(v => v.Id == attempt.CourseVersionId).Select(v => new { v.Title, v.Quiz }).SingleAsync(ct);
        CourseTitle = version.Title;
        Status = await quizzes.GetStatusAsync(userId, courseId, ct);
        // Correct answers are shown only as the course allows, to protect the question bank.
        RevealCorrect = version.Quiz?.Settings.RevealAnswers switch
        {
            RevealAnswers.Always => true,
            RevealAnswers.AfterPassing => Status.Passed || Status.AttemptsLeft == 0,
            _ => false,
        };
        var answers = attempt.Answers.ToDictionary(a => a.QuestionId, a => a.OptionIds);
        var credits = await db.QuizResponses.AsNoTracking().Where(r => r.AttemptId == attempt.Id).ToDictionaryAsync(r => r.QuestionId, r => r.Credit, ct);
        Questions = attempt.Questions.Select((q, i) =>
        {
            var chosen = answers.GetValueOrDefault(q.QuestionId) ?? [];
            var options = q.Options.Select(o => new OptionReview(
                o.Html,
                chosen.Contains(o.Id),
                RevealCorrect || chosen.Contains(o.Id) ? (q.Type == QuestionType.Ordering ? null : o.Correct) : null,
                chosen.Contains(o.Id) || RevealCorrect ? NullIfEmpty(o.FeedbackHtml) : null,
                q.Type == QuestionType.Ordering && chosen.Contains(o.Id) ? chosen.ToList().IndexOf(o.Id) + 1 : null)).ToList();
            var correctOrder = q.Type == QuestionType.Ordering && RevealCorrect
                ? q.CorrectOrder.Select(id => q.Options.Single(o => o.Id == id).Html).ToList()
                : null;
            return new QuestionReview(i + 1, q.Type, q.CaseHtml, q.StemHtml, credits.GetValueOrDefault(q.QuestionId), options, q.GeneralFeedbackHtml, correctOrder);
        }).ToList();
        return Page();
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
}
