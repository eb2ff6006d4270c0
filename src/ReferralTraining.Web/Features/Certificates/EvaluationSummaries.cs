using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// Aggregates course evaluations per course version: relevance, the bias item, each objective met (yes / partly / no)
/// and intent to change, with small cells suppressed. The one place these figures are computed, for the admin report
/// and the activity file alike.
/// </summary>
public sealed class EvaluationSummaries(AppDbContext db)
{
    /// <summary>Fewer people than this in a cell (or a version) are not shown, as in the other aggregate reports.</summary>
    public const int MinimumCell = 5;

    private static readonly (string Answer, string Label)[] MetAnswers =
        [(nameof(ObjectiveMet.Yes), "Yes"), (nameof(ObjectiveMet.Partly), "Partly"), (nameof(ObjectiveMet.No), "No")];

    private static readonly (string Answer, string Label)[] IntentAnswers =
    [
        (nameof(Certificates.IntentToChange.Yes), "Yes"), (nameof(Certificates.IntentToChange.No), "No"),
        (nameof(Certificates.IntentToChange.AlreadyDoing), "Already doing this"), (nameof(Certificates.IntentToChange.NotApplicable), "Not applicable"),
    ];

    public static string IntentLabel(IntentToChange intent) => IntentAnswers.First(a => a.Answer == intent.ToString()).Label;

    public static string MetLabel(ObjectiveMet met) => MetAnswers.First(a => a.Answer == met.ToString()).Label;

    /// <summary>Every course version with at least one evaluation, by title then version.</summary>
    public Task<IReadOnlyList<EvaluationSummary>> ForAllVersionsAsync(CancellationToken ct) => SummarizeAsync(null, ct);

    /// <summary>
    /// One course version; with no evaluations its summary has zero counts (never null for a published version).
    /// <paramref name="asOf"/> counts only evaluations submitted by then (the activity file's cut-off).
    /// </summary>
    public async Task<EvaluationSummary?> ForVersionAsync(Guid courseVersionId, CancellationToken ct, DateTimeOffset? asOf = null) =>
        (await SummarizeAsync(courseVersionId, ct, asOf)).SingleOrDefault();

    private async Task<IReadOnlyList<EvaluationSummary>> SummarizeAsync(Guid? only, CancellationToken ct, DateTimeOffset? asOf = null)
    {
        var evaluations = db.CourseEvaluations.AsNoTracking()
            .Where(e => asOf == null || e.SubmittedAt <= asOf)
            .Join(db.Enrollments, e => e.EnrollmentId, n => n.Id, (e, n) => new { e, n.CourseVersionId })
            .Where(x => only == null || x.CourseVersionId == only);
        var totals = await evaluations.GroupBy(x => x.CourseVersionId).Select(g => new
        {
            VersionId = g.Key,
            Count = g.Count(),
            Relevance = g.Average(x => (double)x.e.Relevance),
            ObjectivesMet = g.Average(x => (double)x.e.ObjectivesMet),
            FreeOfBias = g.Count(x => x.e.FreeOfBias),
            IntendedChanges = g.Count(x => x.e.IntendedChange != null),
        }).ToListAsync(ct);
        var intents = await evaluations.Where(x => x.e.Intent != null).GroupBy(x => new { x.CourseVersionId, x.e.Intent })
            .Select(g => new { g.Key.CourseVersionId, g.Key.Intent, Count = g.Count() }).ToListAsync(ct);
        // A rating is written with its evaluation (same enrollment), so the evaluation's time is the rating's.
        var ratings = await db.EvaluationObjectiveRatings.AsNoTracking()
            .Where(r => asOf == null || db.CourseEvaluations.Any(e => e.EnrollmentId == r.EnrollmentId && e.SubmittedAt <= asOf))
            .Join(db.Enrollments, r => r.EnrollmentId, n => n.Id, (r, n) => new { r, n.CourseVersionId })
            .Where(x => only == null || x.CourseVersionId == only)
            .GroupBy(x => new { x.CourseVersionId, x.r.ObjectiveId, x.r.Met })
            .Select(g => new { g.Key.CourseVersionId, g.Key.ObjectiveId, g.Key.Met, Count = g.Count() }).ToListAsync(ct);
        var versionIds = only is { } id ? [id] : totals.Select(t => t.VersionId).ToList();
        var versions = await db.CourseVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Select(v => new { v.Id, v.CourseId, v.Title, v.Version, v.Objectives }).ToListAsync(ct);

        return versions.OrderBy(v => v.Title, StringComparer.Ordinal).ThenBy(v => v.Version, StringComparer.Ordinal).Select(v =>
        {
            var t = totals.SingleOrDefault(x => x.VersionId == v.Id);
            var count = t?.Count ?? 0;
            var shown = count >= MinimumCell;
            var bias = Distribution(shown, [("Yes", "Yes", t?.FreeOfBias ?? 0), ("No", "No", count - (t?.FreeOfBias ?? 0))]);
            var objectives = v.Objectives.Select(o => new ObjectiveMetSummary(o.Id, o.Text, Distribution(shown,
                MetAnswers.Select(a => (a.Answer, a.Label, ratings.Where(r => r.CourseVersionId == v.Id && r.ObjectiveId == o.Id && r.Met.ToString() == a.Answer).Sum(r => r.Count))).ToList()))).ToList();
            var intent = Distribution(shown,
                IntentAnswers.Select(a => (a.Answer, a.Label, intents.Where(i => i.CourseVersionId == v.Id && i.Intent.ToString() == a.Answer).Sum(i => i.Count))).ToList());
            return new EvaluationSummary(v.Id, v.CourseId, v.Title, v.Version, count,
                shown ? t!.Relevance : null, shown ? t!.ObjectivesMet : null, bias, objectives, intent,
                shown && (t!.IntendedChanges == 0 || t.IntendedChanges >= MinimumCell) ? t!.IntendedChanges : null);
        }).ToList();
    }

    /// <summary>
    /// Counts with small cells hidden: 1 to 4 people, and when exactly one cell is hidden, the smallest other non-zero
    /// cell too, so the hidden one cannot be recovered from the total (the rule of PracticeChange's SmallCells).
    /// </summary>
    private static AnswerDistribution Distribution(bool shown, IReadOnlyList<(string Answer, string Label, int Count)> cells)
    {
        var answered = cells.Sum(c => c.Count);
        var small = cells.Select(c => !shown || answered < MinimumCell || c.Count is > 0 and < MinimumCell).ToArray();
        var hidden = small.ToArray();
        if (hidden.Count(h => h) == 1)
        {
            var next = Enumerable.Range(0, cells.Count).Where(i => !hidden[i] && cells[i].Count > 0).OrderBy(i => cells[i].Count).FirstOrDefault(-1);
            if (next >= 0)
            {
                hidden[next] = true;
            }
        }
        return new AnswerDistribution(shown ? answered : null, cells.Select((c, i) =>
        {
            if (hidden[i])
            {
                return new AnswerCell(c.Answer, c.Label, null, null, small[i] ? "<5" : "suppressed");
            }
            var percent = answered == 0 ? 0 : (int)Math.Round(100.0 * c.Count / answered, MidpointRounding.AwayFromZero);
            return new AnswerCell(c.Answer, c.Label, c.Count, percent, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Count} ({percent}%)"));
        }).ToList());
    }
}
