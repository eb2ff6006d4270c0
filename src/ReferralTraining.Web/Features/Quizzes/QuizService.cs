using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

public sealed record SubmitResult(QuizAttempt Attempt, bool AlreadySubmitted);

/// <summary>
/// Attempts at a course post-test: start (or resume), save answers, submit. Limits, cool-down and grading
/// are enforced here, on the server, for pages and API alike.
/// </summary>
public sealed class QuizService(AppDbContext db, QuizPoolCache pools, TimeProvider clock, Infrastructure.Observability.AppMetrics metrics)
{
    public async Task<QuizStatus> GetStatusAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => new { e.Id, e.CourseVersionId, e.ReadingCompletedAt }).SingleOrDefaultAsync(ct);
        if (enrollment is null)
        {
            return new QuizStatus(false, false, null, 0, false, null, null, null);
        }
        var quiz = await pools.GetAsync(db, enrollment.CourseVersionId, ct);
        var attempts = await db.QuizAttempts.AsNoTracking().Where(a => a.EnrollmentId == enrollment.Id)
            .Select(a => new { a.Id, a.SubmittedAt, a.ScorePercent, a.Passed }).ToListAsync(ct);
        var lastFailure = attempts.Where(a => a.Passed == false).Max(a => a.SubmittedAt);
        var next = quiz is null || lastFailure is null ? (DateTimeOffset?)null : lastFailure.Value.AddMinutes(quiz.Settings.CooldownMinutes);
        return new QuizStatus(true, enrollment.ReadingCompletedAt is not null, quiz?.Settings, attempts.Count,
            attempts.Any(a => a.Passed == true), attempts.Max(a => a.ScorePercent), attempts.SingleOrDefault(a => a.SubmittedAt is null)?.Id,
            next > clock.GetUtcNow() ? next : null);
    }

    /// <summary>Returns the open attempt, or starts a new one if the rules allow.</summary>
    public async Task<(QuizAttempt? Attempt, QuizFailure? Failure)> StartAsync(Guid userId, string courseId, CancellationToken ct)
    {
        // One round trip for the enrollment and its attempts (at most the attempts allowed): start is half of a
        // deadline-day stampede's requests.
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => new { e.Id, e.CourseVersionId, e.ReadingCompletedAt, Attempts = db.QuizAttempts.Where(a => a.EnrollmentId == e.Id).ToList() })
            .SingleOrDefaultAsync(ct);
        if (enrollment is null)
        {
            return (null, new QuizFailure(QuizProblem.NotEnrolled, "Enroll in the course before taking its quiz."));
        }
        var open = enrollment.Attempts.SingleOrDefault(a => a.SubmittedAt == null);
        if (open is not null)
        {
            return (open, null);
        }
        var quiz = await pools.GetAsync(db, enrollment.CourseVersionId, ct);
        if (quiz is null)
        {
            return (null, new QuizFailure(QuizProblem.NoQuiz, "This course has no quiz."));
        }
        if (enrollment.ReadingCompletedAt is null)
        {
            return (null, new QuizFailure(QuizProblem.ReadingIncomplete, "Read every module before taking the quiz."));
        }
        var past = enrollment.Attempts;
        if (past.Any(a => a.Passed == true))
        {
            return (null, new QuizFailure(QuizProblem.AlreadyPassed, "You have already passed this quiz."));
        }
        if (past.Count >= quiz.Settings.AttemptsAllowed)
        {
            return (null, new QuizFailure(QuizProblem.NoAttemptsLeft, $"You have used all {quiz.Settings.AttemptsAllowed} attempts for this quiz. Contact support if you think this is wrong."));
        }
        var lastFailure = past.Max(a => a.SubmittedAt);
        var now = clock.GetUtcNow();
        if (lastFailure is not null && lastFailure.Value.AddMinutes(quiz.Settings.CooldownMinutes) > now)
        {
            var at = lastFailure.Value.AddMinutes(quiz.Settings.CooldownMinutes);
            return (null, new QuizFailure(QuizProblem.CoolingDown, "Review the feedback and the modules first: your next attempt opens after the waiting time.", at));
        }

        var seed = RandomNumberGenerator.GetInt32(int.MaxValue);
        var attempt = new QuizAttempt
        {
            Id = Guid.NewGuid(),
            EnrollmentId = enrollment.Id,
            UserId = userId,
            CourseId = courseId,
            CourseVersionId = enrollment.CourseVersionId,
            Number = past.Count + 1,
            Seed = seed,
            StartedAt = now,
            PassingScore = quiz.Settings.PassingScore,
            Questions = QuizDrawer.Draw(quiz, seed),
        };
        db.QuizAttempts.Add(attempt);
        try
        {
            await db.SaveChangesAsync(ct);
            return (attempt, null);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request (second tab, double click) started one first: resume that one.
            db.ChangeTracker.Clear();
            var winner = await db.QuizAttempts.SingleOrDefaultAsync(a => a.EnrollmentId == enrollment.Id && a.SubmittedAt == null, ct);
            return winner is null ? (null, new QuizFailure(QuizProblem.AttemptClosed, "Another attempt was just submitted. Reload the page.")) : (winner, null);
        }
    }

    /// <summary>The learner's own attempt, or null (someone else's attempt is indistinguishable from none).</summary>
    public Task<QuizAttempt?> FindAsync(Guid userId, Guid attemptId, CancellationToken ct) =>
        db.QuizAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId, ct);

    public async Task<QuizFailure?> SaveAnswersAsync(Guid userId, Guid attemptId, IReadOnlyList<SavedAnswer> answers, CancellationToken ct)
    {
        var attempt = await db.QuizAttempts.SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId, ct);
        if (attempt is null)
        {
            return NotFound;
        }
        if (attempt.SubmittedAt is not null)
        {
            return Closed;
        }
        var invalid = Validate(attempt, answers);
        if (invalid is not null)
        {
            return invalid;
        }
        attempt.Answers = answers.Where(a => a.OptionIds.Count > 0).ToList();
        // Only an open attempt may change: a submit that raced this save wins.
        var saved = await db.QuizAttempts.Where(a => a.Id == attemptId && a.SubmittedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answers, attempt.Answers), ct);
        return saved == 0 ? Closed : null;
    }

    /// <summary>Grades and closes the attempt. Submitting an already-closed attempt changes nothing.</summary>
    public async Task<(SubmitResult? Result, QuizFailure? Failure)> SubmitAsync(Guid userId, Guid attemptId, IReadOnlyList<SavedAnswer> answers, CancellationToken ct)
    {
        var attempt = await ForSubmit(db, attemptId, userId, ct);
        if (attempt is null)
        {
            return (null, NotFound);
        }
        if (attempt.SubmittedAt is not null)
        {
            return (new SubmitResult(attempt, AlreadySubmitted: true), null);
        }
        var invalid = Validate(attempt, answers);
        if (invalid is not null)
        {
            return (null, invalid);
        }

        var byQuestion = answers.ToDictionary(a => a.QuestionId, a => a.OptionIds);
        var credits = attempt.Questions.Select(q => QuizGrader.Grade(q, byQuestion.GetValueOrDefault(q.QuestionId) ?? [])).ToList();
        var score = QuizGrader.ScorePercent(credits);
        var passed = score >= attempt.PassingScore;
        var now = clock.GetUtcNow();
        var kept = answers.Where(a => a.OptionIds.Count > 0).ToList();

        // One statement closes the attempt and stores the graded responses: atomic without an explicit transaction, and
        // one round trip instead of five (submit is the stampede's hot path). The WHERE makes submit idempotent: a double
        // click or retry finds the attempt closed and writes nothing.
        var responses = attempt.Questions.Select((q, i) => new GradedResponse(q.QuestionId, byQuestion.GetValueOrDefault(q.QuestionId) ?? [], credits[i])).ToList();
        var answersJson = new NpgsqlParameter("answers", NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = JsonColumn.Serialize<IReadOnlyList<SavedAnswer>>(kept) };
        var responsesJson = new NpgsqlParameter("responses", NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = JsonColumn.Serialize(responses) };
        var strategy = db.Database.CreateExecutionStrategy();
        var closedByUs = await strategy.ExecuteAsync(async () => (await db.Database.SqlQuery<int>($"""
            WITH closed AS (
                UPDATE quiz_attempts SET "SubmittedAt" = {now}, "ScorePercent" = {score}, "Passed" = {passed}, "Answers" = {answersJson}
                WHERE "Id" = {attemptId} AND "SubmittedAt" IS NULL
                RETURNING "Id", "CourseVersionId"),
            stored AS (
                INSERT INTO quiz_responses ("AttemptId", "QuestionId", "CourseVersionId", "SelectedOptionIds", "Credit")
                SELECT closed."Id", r."questionId", closed."CourseVersionId", r."optionIds", r."credit"
                FROM closed CROSS JOIN jsonb_to_recordset({responsesJson}) AS r("questionId" text, "optionIds" text[], "credit" double precision))
            SELECT count(*)::int AS "Value" FROM closed
            """).ToListAsync(ct)).Single() == 1);
        db.ChangeTracker.Clear();
        if (!closedByUs)
        {
            // Someone else's submit won the race: report what was recorded.
            var recorded = await db.QuizAttempts.AsNoTracking().SingleAsync(a => a.Id == attemptId, ct);
            return (new SubmitResult(recorded, AlreadySubmitted: true), null);
        }
        metrics.QuizSubmitted(passed);
        attempt.SubmittedAt = now;
        attempt.ScorePercent = score;
        attempt.Passed = passed;
        attempt.Answers = kept;
        return (new SubmitResult(attempt, AlreadySubmitted: false), null);
    }

    // Submit's hot read: compiled once, and without the saved-answers column, which the submitted answers replace.
    private static readonly Func<AppDbContext, Guid, Guid, CancellationToken, Task<QuizAttempt?>> ForSubmit = EF.CompileAsyncQuery(
        (AppDbContext db, Guid attemptId, Guid userId, CancellationToken ct) => db.QuizAttempts.AsNoTracking().Where(a => a.Id == attemptId && a.UserId == userId)
            .Select(a => new QuizAttempt
            {
                Id = a.Id, EnrollmentId = a.EnrollmentId, UserId = a.UserId, CourseId = a.CourseId, CourseVersionId = a.CourseVersionId,
                Number = a.Number, Seed = a.Seed, StartedAt = a.StartedAt, SubmittedAt = a.SubmittedAt, ScorePercent = a.ScorePercent,
                Passed = a.Passed, PassingScore = a.PassingScore, Questions = a.Questions,
            })
            .SingleOrDefault());

    private sealed record GradedResponse(string QuestionId, IReadOnlyList<string> OptionIds, double Credit);

    private static QuizFailure? Validate(QuizAttempt attempt, IReadOnlyList<SavedAnswer> answers)
    {
        var questions = attempt.Questions.ToDictionary(q => q.QuestionId);
        if (answers.Select(a => a.QuestionId).Distinct().Count() != answers.Count)
        {
            return Invalid("A question is answered twice.");
        }
        foreach (var answer in answers)
        {
            if (!questions.TryGetValue(answer.QuestionId, out var question))
            {
                return Invalid($"Question '{answer.QuestionId}' is not part of this attempt.");
            }
            var ids = question.Options.Select(o => o.Id).ToHashSet();
            if (answer.OptionIds.Any(id => !ids.Contains(id)))
            {
                return Invalid($"An answer to '{answer.QuestionId}' names an option that question does not have.");
            }
            if (answer.OptionIds.Distinct().Count() != answer.OptionIds.Count)
            {
                return Invalid($"An answer to '{answer.QuestionId}' names the same option twice.");
            }
            var ok = question.Type switch
            {
                QuestionType.Single or QuestionType.TrueFalse => answer.OptionIds.Count <= 1,
                QuestionType.Ordering => answer.OptionIds.Count == 0 || answer.OptionIds.Count == ids.Count,
                _ => true,
            };
            if (!ok)
            {
                return Invalid(question.Type == QuestionType.Ordering
                    ? $"Give every step of '{answer.QuestionId}' a different position."
                    : $"Choose one answer for '{answer.QuestionId}'.");
            }
        }
        return null;
    }

    private static readonly QuizFailure NotFound = new(QuizProblem.AttemptNotFound, "There is no such attempt.");
    private static readonly QuizFailure Closed = new(QuizProblem.AttemptClosed, "This attempt has already been submitted; its answers can no longer change.");

    private static QuizFailure Invalid(string message) => new(QuizProblem.InvalidAnswer, message);
}
