using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.PracticeChange;
using ReferralTraining.Web.Features.Quizzes;

namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// Builds the activity file of one course version (issue 22 item 5, ADR-030) from the database alone, so that the same
/// data give the same file: no "now", every list in a fixed order, numbers rounded before they are written. An explicit
/// as-of cut-off leaves out everything stamped later.
/// </summary>
public sealed class ActivityFileService(AppDbContext db, IOptions<CertificatesOptions> certificates, EvaluationSummaries evaluationSummaries)
{
    /// <summary>Counts of people below this are shown as "&lt;5" (the same rule as the evaluation and outcome reports).</summary>
    public const int MinimumCell = 5;

    public const string FormatName = "referraltraining-activity-file/1";

    public const string NoPlanningRecord =
        "This version was published without a planning record (planning.yaml); publish a new version with one.";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>"&lt;5" for 1 to 4 people, else the number (0 is shown: nobody is identified by it).</summary>
    public static string Cell(int people) => people is > 0 and < MinimumCell ? "<" + MinimumCell.ToString(CultureInfo.InvariantCulture) : people.ToString(CultureInfo.InvariantCulture);

    /// <summary>How a suppressed cell reads.</summary>
    public static readonly string Hidden = "<" + MinimumCell.ToString(CultureInfo.InvariantCulture);

    public static bool Small(int people) => people is > 0 and < MinimumCell;

    /// <summary>The file as UTF-8 JSON (LF line ends, no byte-order mark): the bytes the page hashes and serves.</summary>
    public static byte[] ToJson(ActivityFile file) =>
        System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(file, Json).ReplaceLineEndings("\n") + "\n");

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    public sealed record VersionRow(string CourseId, string Title, string Version, DateTimeOffset PublishedAt, bool Current);

    /// <summary>Every published version, newest first within a course, courses by title.</summary>
    public async Task<IReadOnlyList<VersionRow>> VersionsAsync(CancellationToken ct)
    {
        var rows = await db.CourseVersions.AsNoTracking()
            .Select(v => new { v.CourseId, v.Title, v.Version, v.PublishedAt, Current = db.Courses.Any(c => c.CurrentVersionId == v.Id) })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Title, StringComparer.Ordinal).ThenBy(r => r.CourseId, StringComparer.Ordinal).ThenByDescending(r => r.PublishedAt)
            .Select(r => new VersionRow(r.CourseId, r.Title, r.Version, r.PublishedAt, r.Current)).ToList();
    }

    /// <returns>The activity file, or null when the course has no such version.</returns>
    public async Task<ActivityFile?> BuildAsync(string courseId, string version, DateTimeOffset? asOf, CancellationToken ct)
    {
        var v = await db.CourseVersions.AsNoTracking().Where(x => x.CourseId == courseId && x.Version == version)
            .OrderByDescending(x => x.PublishedAt).FirstOrDefaultAsync(ct);
        if (v is null)
        {
            return null;
        }
        var cutoff = asOf ?? DateTimeOffset.MaxValue;
        var latest = new List<DateTimeOffset> { v.PublishedAt };

        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.CourseVersionId == v.Id)
            .Join(db.Users, e => e.UserId, u => u.Id, (e, u) => new { e.Id, e.UserId, e.EnrolledAt, u.Profession }).ToListAsync(ct);
        // The cut-off is applied here rather than in SQL: one version's rows are few, and "no cut-off" needs no sentinel time.
        enrollments = enrollments.Where(e => e.EnrolledAt <= cutoff).OrderBy(e => e.Id).ToList();
        latest.AddRange(enrollments.Select(e => e.EnrolledAt));

        // Disclosure to learners.
        var acknowledged = await db.Set<DisclosureAcknowledgment>().AsNoTracking().Where(a => a.CourseVersionId == v.Id)
            .Select(a => a.AcknowledgedAt).ToListAsync(ct);
        acknowledged = acknowledged.Where(a => a <= cutoff).ToList();
        latest.AddRange(acknowledged);
        var disclosure = acknowledged.Count == 0 || Small(acknowledged.Count)
            ? new AcknowledgmentRecord(Cell(acknowledged.Count), null, null)
            : new AcknowledgmentRecord(Cell(acknowledged.Count), Utc(acknowledged.Min()), Utc(acknowledged.Max()));

        // Learners: completed = awarded course credit (any type, participation included) for this version.
        var awards = await db.CreditAwards.AsNoTracking().Where(a => a.CourseVersionId == v.Id)
            .Select(a => new { a.UserId, a.CreditTypeId, a.Kind, a.AwardedAt }).ToListAsync(ct);
        awards = awards.Where(a => a.AwardedAt <= cutoff).ToList();
        latest.AddRange(awards.Select(a => a.AwardedAt));
        var completedUsers = awards.Where(a => a.Kind == CreditKind.Course).Select(a => a.UserId).ToHashSet();
        var byProfession = enrollments.GroupBy(e => e.Profession)
            .OrderBy(g => g.Key is null ? int.MaxValue : (int)g.Key)
            .Select(g => new ActivityCount(ProfessionName(g.Key), Cell(g.Select(e => e.UserId).Distinct().Count()),
                Cell(g.Select(e => e.UserId).Distinct().Count(completedUsers.Contains))))
            .ToList();
        var types = certificates.Value.CreditTypes;
        var byCreditType = awards.GroupBy(a => (a.CreditTypeId, a.Kind))
            .OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.CreditTypeId, StringComparer.Ordinal)
            .Select(g => new CreditTypeCount(g.Key.CreditTypeId, types.TryGetValue(g.Key.CreditTypeId, out var t) ? t.Name : g.Key.CreditTypeId,
                g.Key.Kind == CreditKind.Course ? "Course" : "Practice improvement", Cell(g.Select(a => a.UserId).Distinct().Count())))
            .ToList();
        var learners = new LearnerCounts(Cell(enrollments.Select(e => e.UserId).Distinct().Count()), Cell(completedUsers.Count), byProfession, byCreditType);

        // Evaluation.
        var enrollmentIds = enrollments.Select(e => e.Id).ToList();
        var evaluations = await db.CourseEvaluations.AsNoTracking().Where(e => enrollmentIds.Contains(e.EnrollmentId))
            .Select(e => new { e.Relevance, e.ObjectivesMet, e.FreeOfBias, e.SubmittedAt }).ToListAsync(ct);
        evaluations = evaluations.Where(e => e.SubmittedAt <= cutoff).ToList();
        latest.AddRange(evaluations.Select(e => e.SubmittedAt));
        // Each objective met and intent to change: the admin report's figures, to the same cut-off.
        var answers = await evaluationSummaries.ForVersionAsync(v.Id, ct, asOf);
        var objectivesMet = answers?.Objectives ?? [];
        var intent = answers?.IntentToChange ?? new AnswerDistribution(null, []);
        EvaluationSummary evaluation;
        if (evaluations.Count < MinimumCell)
        {
            evaluation = new EvaluationSummary(Cell(evaluations.Count), null, null, null, null, objectivesMet, intent);
        }
        else
        {
            var free = evaluations.Count(e => e.FreeOfBias);
            var notFree = evaluations.Count - free;
            // Both read "<5" when either is small: the complement of a small cell would give it away.
            var hideBias = Small(free) || Small(notFree);
            evaluation = new EvaluationSummary(Cell(evaluations.Count), Round(evaluations.Average(e => e.Relevance)), Round(evaluations.Average(e => e.ObjectivesMet)),
                hideBias ? Hidden : Cell(free), hideBias ? Hidden : Cell(notFree), objectivesMet, intent);
        }

        var quiz = await QuizAsync(v, cutoff, latest, ct);
        var (followUps, followUpAnswers) = await FollowUpsAsync(v.Id, cutoff, latest, ct);
        var asOfTime = Utc(asOf ?? latest.Max());
        var outcomes = Outcomes(followUps, followUpAnswers, asOfTime);

        var credits = v.Credits.OrderBy(c => c.Type, StringComparer.Ordinal).Select(c =>
        {
            types.TryGetValue(c.Type, out var t);
            return new CreditDesignation(c.Type, t?.Name ?? c.Type, c.Hours, t?.Unit ?? "hours",
                c.Professions.Count > 0 ? c.Professions : t?.Professions.Select(p => ProfessionName(p)).ToList() ?? [], t?.Accreditor, t?.Statement ?? "");
        }).ToList();
        var identity = new ActivityIdentity(v.CourseId, v.Title, v.Version, v.ContentHash, certificates.Value.ActivityFormat,
            v.ReleaseDate, v.ReviewDate, v.ExpiryDate, Utc(v.PublishedAt), v.EstimatedMinutes, credits);

        return new ActivityFile(FormatName, asOfTime, MinimumCell, identity, v.Faculty, ContentPeople.ProviderMustFillIn(v.Faculty),
            disclosure, new ActivityPlanning(v.Planning, v.ObjectiveMap(), v.Planning is null ? NoPlanningRecord : null), learners, evaluation, quiz, outcomes);
    }

    private async Task<QuizSummary> QuizAsync(CourseVersion v, DateTimeOffset cutoff, List<DateTimeOffset> latest, CancellationToken ct)
    {
        if (v.Quiz is null)
        {
            return new QuizSummary(false, "0", "0", null, []);
        }
        var attempts = (await db.QuizAttempts.AsNoTracking().Where(a => a.CourseVersionId == v.Id && a.SubmittedAt != null)
            .Select(a => new { a.Id, a.UserId, a.Passed, SubmittedAt = a.SubmittedAt!.Value }).ToListAsync(ct))
            .Where(a => a.SubmittedAt <= cutoff).ToList();
        latest.AddRange(attempts.Select(a => a.SubmittedAt));
        var attemptIds = attempts.Select(a => a.Id).ToHashSet();
        var responses = (await db.QuizResponses.AsNoTracking().Where(r => r.CourseVersionId == v.Id)
            .Select(r => new { r.AttemptId, r.QuestionId, r.Credit }).ToListAsync(ct))
            // A fixed order, so that sums of doubles (and their last bits) come out the same every time.
            .Where(r => attemptIds.Contains(r.AttemptId)).OrderBy(r => r.AttemptId).ThenBy(r => r.QuestionId, StringComparer.Ordinal).ToList();
        var totals = responses.GroupBy(r => r.AttemptId).ToDictionary(g => g.Key, g => g.Sum(r => r.Credit));
        var people = attempts.Select(a => a.UserId).Distinct().Count();
        var questions = v.Quiz.Questions.OrderBy(q => q.Id, StringComparer.Ordinal).Select(q =>
        {
            var rows = responses.Where(r => r.QuestionId == q.Id).OrderBy(r => r.AttemptId).ToList();
            if (rows.Count < MinimumCell)
            {
                return new QuestionSummary(q.Id, q.PrimaryObjective, Cell(rows.Count), null, null);
            }
            var discrimination = ItemAnalysis.Pearson(rows.Select(r => r.Credit).ToList(), rows.Select(r => totals[r.AttemptId] - r.Credit).ToList());
            return new QuestionSummary(q.Id, q.PrimaryObjective, Cell(rows.Count), Round(rows.Average(r => r.Credit)), discrimination is { } d ? Round(d) : null);
        }).ToList();
        // The pass rate is over attempts; it is given only when enough people attempted.
        decimal? passRate = people < MinimumCell || attempts.Count == 0 ? null : Round((double)attempts.Count(a => a.Passed == true) / attempts.Count);
        return new QuizSummary(true, people < MinimumCell && attempts.Count > 0 ? Hidden : Cell(attempts.Count), Cell(people), passRate, questions);
    }

    private sealed record FollowUpRow(Guid Id, Guid UserId, int OffsetDays, DateTimeOffset DueAt);

    private sealed record AnswerRow(Guid FollowUpId, Implementation Status, int PatientsReached, DateTimeOffset AnsweredAt);

    private async Task<(List<FollowUpRow>, List<AnswerRow>)> FollowUpsAsync(Guid versionId, DateTimeOffset cutoff, List<DateTimeOffset> latest, CancellationToken ct)
    {
        var followUps = await db.Set<FollowUp>().AsNoTracking().Where(f => f.CourseVersionId == versionId)
            .Select(f => new FollowUpRow(f.Id, f.UserId, f.OffsetDays, f.DueAt)).ToListAsync(ct);
        var ids = followUps.Select(f => f.Id).ToList();
        var answers = (await db.Set<CommitmentResponse>().AsNoTracking().Where(r => ids.Contains(r.FollowUpId))
            .Select(r => new AnswerRow(r.FollowUpId, r.Status, r.PatientsReached, r.AnsweredAt)).ToListAsync(ct))
            .Where(r => r.AnsweredAt <= cutoff).ToList();
        // Due dates lie in the future for most follow-ups, so they do not move "as of"; answers do.
        latest.AddRange(answers.Select(r => r.AnsweredAt));
        return (followUps, answers);
    }

    /// <summary>Per follow-up offset: people whose follow-up was due by <paramref name="asOf"/>, people answering, and the answers.</summary>
    private static List<FollowUpOutcome> Outcomes(List<FollowUpRow> followUps, List<AnswerRow> answers, DateTimeOffset asOf)
    {
        var owner = followUps.ToDictionary(f => f.Id);
        var statuses = new[] { Implementation.Fully, Implementation.Partly, Implementation.NotYet };
        return followUps.Where(f => f.DueAt <= asOf || answers.Any(a => a.FollowUpId == f.Id)).GroupBy(f => f.OffsetDays).OrderBy(g => g.Key).Select(g =>
        {
            var ids = g.Select(f => f.Id).ToHashSet();
            var mine = answers.Where(r => ids.Contains(r.FollowUpId)).ToList();
            var asked = g.Select(f => f.UserId).Distinct().Count();
            var answering = mine.Select(r => owner[r.FollowUpId].UserId).Distinct().Count();
            if (answering < MinimumCell)
            {
                return new FollowUpOutcome(g.Key, Cell(asked), Cell(answering), null, null, null, null);
            }
            var peopleIn = statuses.Select(s => mine.Where(r => r.Status == s).Select(r => owner[r.FollowUpId].UserId).Distinct().Count()).ToArray();
            var hidden = SmallCells.Suppress(peopleIn, MinimumCell);
            var cells = statuses.Select((s, i) => hidden[i] ? Hidden : mine.Count(r => r.Status == s).ToString(CultureInfo.InvariantCulture)).ToArray();
            return new FollowUpOutcome(g.Key, Cell(asked), Cell(answering), cells[0], cells[1], cells[2],
                mine.Sum(r => r.PatientsReached).ToString(CultureInfo.InvariantCulture));
        }).ToList();
    }

    private static decimal Round(double value) => Math.Round((decimal)value, 2, MidpointRounding.AwayFromZero);

    private static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    private static string ProfessionName(Profession? profession) => profession is null
        ? "Not stated"
        : typeof(Profession).GetField(profession.Value.ToString())?.GetCustomAttribute<DisplayAttribute>()?.Name ?? profession.Value.ToString();
}
