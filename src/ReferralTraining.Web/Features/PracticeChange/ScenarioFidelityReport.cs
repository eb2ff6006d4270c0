using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Scenarios;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// One checklist item for an organization's staff: of the people whose first finished attempt scored it, how many
/// met it and how many did not. <see cref="Met"/>/<see cref="Missed"/> read "&lt;k" when suppressed.
/// </summary>
public sealed record FidelityItemRow(string Key, ChecklistItemKind Kind, string Text, int People, bool Suppressed, string Met, string Missed);

public sealed record FidelityScenario(string CourseId, string CourseTitle, string ScenarioId, string Title, int People, bool Suppressed, IReadOnlyList<FidelityItemRow> Items);

public sealed record FidelityReport(int MinimumCellSize, IReadOnlyList<FidelityScenario> Scenarios);

/// <summary>
/// Directors: their staff's fidelity by checklist item, per scenario (ADR-024). It lives beside the practice outcomes
/// report (same readers, same small-cell rule) rather than in Scenarios, which sits below Organizations and
/// PracticeChange and must not depend on them (ADR-023). Each person counts once per scenario,
/// by their first finished attempt: what they did before the debrief taught them the keyed path (later attempts,
/// often played until the course's minimum is reached, would say little about practice). Aggregates only, with the
/// practice outcomes report's small-cell rule and threshold (<see cref="SmallCells"/>,
/// <see cref="PracticeChangeOptions.MinimumCellSize"/>), so a director cannot single anyone out.
/// </summary>
public sealed class ScenarioFidelityReport(AppDbContext db, IOptions<PracticeChangeOptions> options)
{
    public async Task<FidelityReport> ForOrganizationAsync(Guid organizationId, CancellationToken ct)
    {
        var k = options.Value.MinimumCellSize;
        var people = db.Set<OrganizationMember>().Where(m => m.OrganizationId == organizationId).Select(m => m.UserId);
        // Only the columns needed: never a person's name, and the snapshot is read once per scenario below.
        var attempts = await db.ScenarioAttempts.AsNoTracking()
            .Where(a => people.Contains(a.UserId) && a.FinishedAt != null)
            .Select(a => new { a.Id, a.UserId, a.CourseId, a.ScenarioId, a.Number, a.Results })
            .ToListAsync(ct);
        var firsts = attempts.GroupBy(a => (a.UserId, a.ScenarioId)).Select(g => g.MinBy(a => a.Number)!).ToList();
        var titles = await db.Courses.AsNoTracking().Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title })
            .ToDictionaryAsync(c => c.Id, c => c.Title, ct);

        var scenarios = new List<FidelityScenario>();
        foreach (var group in firsts.GroupBy(a => (a.CourseId, a.ScenarioId)))
        {
            // Wording from the newest of these attempts' snapshots; the counts come from each attempt's stored results.
            var newest = group.MaxBy(a => a.Number)!.Id;
            var snapshot = await db.ScenarioAttempts.AsNoTracking().Where(a => a.Id == newest).Select(a => a.Scenario).SingleAsync(ct);
            var n = group.Count();
            var items = new List<FidelityItemRow>();
            var keys = snapshot.Assesses.Select(a => a.Key).Concat(group.SelectMany(a => a.Results.Select(r => r.Key))).Distinct(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var item = snapshot.Assesses.FirstOrDefault(a => a.Key == key);
                var outcomes = group.Select(a => a.Results.FirstOrDefault(r => r.Key == key)?.Outcome).OfType<ScenarioItemOutcome>().ToList();
                var met = outcomes.Count(o => o == ScenarioItemOutcome.Met);
                var missed = outcomes.Count - met;
                var scored = outcomes.Count;
                if (scored == 0)
                {
                    continue;
                }
                if (scored < k)
                {
                    items.Add(new FidelityItemRow(key, item?.Kind ?? ChecklistItemKind.Consistent, item?.Text ?? key, scored, true, OutcomesService.Hidden(k), OutcomesService.Hidden(k)));
                    continue;
                }
                var hidden = SmallCells.Suppress([met, missed], k);
                items.Add(new FidelityItemRow(key, item?.Kind ?? ChecklistItemKind.Consistent, item?.Text ?? key, scored, false,
                    hidden[0] ? OutcomesService.Hidden(k) : Cell(met, scored),
                    hidden[1] ? OutcomesService.Hidden(k) : Cell(missed, scored)));
            }
            scenarios.Add(new FidelityScenario(group.Key.CourseId, titles.GetValueOrDefault(group.Key.CourseId, group.Key.CourseId),
                group.Key.ScenarioId, snapshot.Title, n, n < k, items));
        }
        return new FidelityReport(k, scenarios.OrderBy(s => s.CourseTitle, StringComparer.Ordinal).ThenBy(s => s.Title, StringComparer.Ordinal).ToList());
    }

    /// <summary>"4 (80%)": the count and its share; the table names the denominator.</summary>
    private static string Cell(int part, int whole) =>
        $"{part.ToString("N0", CultureInfo.InvariantCulture)} ({(part / (decimal)whole).ToString("0%", CultureInfo.InvariantCulture)})";
}
