using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>
/// The items missed in the latest finished attempt of each of the course's scenarios, not the best: the latest is how
/// the clinician practices now, so an item put right on a retry is no longer suggested, and one that slipped after a
/// good attempt is (ADR-025). Items not shown on the path taken are not missed. An item missed in two scenarios is
/// listed once. Only this person's attempts are read.
/// </summary>
public sealed class MissedChecklistItems(AppDbContext db) : IMissedChecklistItems
{
    public async Task<IReadOnlyList<MissedChecklistItem>> ForAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var finished = db.ScenarioAttempts.AsNoTracking().Where(a => a.UserId == userId && a.CourseId == courseId && a.FinishedAt != null);
        var latest = await finished.Where(a => !finished.Any(b => b.ScenarioId == a.ScenarioId && b.Number > a.Number))
            .OrderBy(a => a.ScenarioId).Select(a => new { a.Scenario, a.Results }).ToListAsync(ct);
        var items = new List<MissedChecklistItem>();
        foreach (var attempt in latest)
        {
            var missed = attempt.Results.Where(r => r.Outcome == ScenarioItemOutcome.Missed).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
            items.AddRange(attempt.Scenario.Assesses.Where(i => missed.Contains(i.Key) && items.All(x => x.Key != i.Key))
                .Select(i => new MissedChecklistItem(i.Key, i.ChecklistId, i.Text, i.Kind == ChecklistItemKind.Inconsistent, attempt.Scenario.Title)));
        }
        return items;
    }
}
