using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>
/// Admin only (folder convention): course evaluations aggregated per course version (issue 22 item 4), for the
/// accredited provider's review. Versions with fewer than <see cref="MinimumCell"/> evaluations show no figures.
/// </summary>
public sealed class EvaluationsModel(AppDbContext db, EvaluationSummaries summaries) : PageModel
{
    /// <summary>Below this many evaluations a version's figures are suppressed (as in the other aggregate reports).</summary>
    public const int MinimumCell = EvaluationSummaries.MinimumCell;

    public sealed record Row(string CourseId, string Title, string Version, int Count, double Relevance, double ObjectivesMet, int FreeOfBias, int NotFreeOfBias)
    {
        public bool Suppressed => Count < MinimumCell;
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Each objective met and intent to change, per version (issue 22 item 4).</summary>
    public IReadOnlyList<EvaluationSummary> Summaries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await db.CourseEvaluations.AsNoTracking()
            .Join(db.Enrollments, e => e.EnrollmentId, n => n.Id, (e, n) => new { e, n.CourseVersionId })
            .GroupBy(x => x.CourseVersionId)
            .Select(g => new
            {
                VersionId = g.Key,
                Count = g.Count(),
                Relevance = g.Average(x => (double)x.e.Relevance),
                ObjectivesMet = g.Average(x => (double)x.e.ObjectivesMet),
                FreeOfBias = g.Count(x => x.e.FreeOfBias),
            })
            .Join(db.CourseVersions, a => a.VersionId, v => v.Id, (a, v) => new { a, v.CourseId, v.Title, v.Version })
            .ToListAsync(ct);
        Rows = rows.OrderBy(r => r.Title, StringComparer.Ordinal).ThenBy(r => r.Version, StringComparer.Ordinal)
            .Select(r => new Row(r.CourseId, r.Title, r.Version, r.a.Count, r.a.Relevance, r.a.ObjectivesMet, r.a.FreeOfBias, r.a.Count - r.a.FreeOfBias))
            .ToList();
        Summaries = await summaries.ForAllVersionsAsync(ct);
    }
}
