using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>How many of the attempts behind a figure came from one profession.</summary>
public sealed record ProfessionCount(string Profession, int Attempts);

/// <summary>
/// One choice: attempts that took it, and facility = their share of the attempts that reached its node.
/// <see cref="Line"/> is the choice's line in <see cref="ScenarioNodeStat"/>'s scenario file.
/// </summary>
public sealed record ScenarioChoiceStat(
    int Number, string Text, int Line, string Next, IReadOnlyList<string> Meets, IReadOnlyList<string> Misses,
    int Taken, double? Facility, IReadOnlyList<ProfessionCount> ByProfession);

/// <summary>One node (or End): attempts that reached it, and its choices.</summary>
public sealed record ScenarioNodeStat(string NodeId, bool IsEnd, int Line, int Reached, IReadOnlyList<ScenarioChoiceStat> Choices);

/// <summary>One assessed checklist item over the finished attempts (every finished attempt scores every assessed item).</summary>
public sealed record ScenarioItemStat(string Key, ChecklistItemKind Kind, string Text, int Scored, int Met, int Missed, int NotShown)
{
    public double? MissedShare => Scored == 0 ? null : (double)Missed / Scored;
    /// <summary>Missed plus never reached: what the fidelity score counts as not met.</summary>
    public double? NotMetShare => Scored == 0 ? null : (double)(Missed + NotShown) / Scored;
}

public sealed record ScenarioAnalysisReport(
    Guid CourseVersionId, string ScenarioId, string Title, string File, int FinishedAttempts, int OpenAttempts,
    IReadOnlyList<ScenarioNodeStat> Nodes, IReadOnlyList<ScenarioItemStat> Items);

/// <summary>A scenario as published in one course version: what the analysis is computed for.</summary>
public sealed record ScenarioVersion(Guid CourseVersionId, string ScenarioId, string Label, int FinishedAttempts);

/// <summary>
/// Choice and checklist-item analysis for authors, per scenario and course version (ADR-024). Everything is read
/// from the attempts' own rows: the structure from an attempt's snapshot, the counts from each attempt's steps and
/// stored results, so editing a scenario never changes a past figure. Only finished attempts count: an open one
/// has not yet answered the node it stands at, and its items are not scored.
/// </summary>
public sealed class ScenarioAnalysis(AppDbContext db)
{
    /// <summary>Every scenario of every published course version, newest version first per course.</summary>
    public async Task<IReadOnlyList<ScenarioVersion>> VersionsAsync(CancellationToken ct)
    {
        var versions = await db.CourseVersions.AsNoTracking()
            .OrderBy(v => v.Title).ThenByDescending(v => v.PublishedAt)
            .Select(v => new { v.Id, v.Title, v.Version, v.Scenarios }).ToListAsync(ct);
        var finished = (await db.ScenarioAttempts.AsNoTracking().Where(a => a.FinishedAt != null)
            .GroupBy(a => new { a.CourseVersionId, a.ScenarioId }).Select(g => new { g.Key.CourseVersionId, g.Key.ScenarioId, Count = g.Count() })
            .ToListAsync(ct)).ToDictionary(x => (x.CourseVersionId, x.ScenarioId), x => x.Count);
        return versions.SelectMany(v => v.Scenarios.OrderBy(s => s.Title, StringComparer.Ordinal).Select(s =>
        {
            var n = finished.GetValueOrDefault((v.Id, s.Id));
            return new ScenarioVersion(v.Id, s.Id, $"{s.Title} · {v.Title} · version {v.Version} · {n} finished", n);
        })).ToList();
    }

    public async Task<ScenarioAnalysisReport?> ForAsync(Guid courseVersionId, string scenarioId, CancellationToken ct)
    {
        var attempts = await db.ScenarioAttempts.AsNoTracking()
            .Where(a => a.CourseVersionId == courseVersionId && a.ScenarioId == scenarioId)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.Id, a.FinishedAt, a.CurrentNodeId, a.Steps, a.Results, u.Profession })
            .ToListAsync(ct);
        // The newest finished attempt's snapshot gives the structure; without one, the version's own definition.
        var snapshotFrom = attempts.Where(a => a.FinishedAt is not null).OrderByDescending(a => a.FinishedAt).Select(a => (Guid?)a.Id).FirstOrDefault();
        var scenario = snapshotFrom is { } id
            ? await db.ScenarioAttempts.AsNoTracking().Where(a => a.Id == id).Select(a => a.Scenario).SingleAsync(ct)
            : (await db.CourseVersions.AsNoTracking().Where(v => v.Id == courseVersionId).Select(v => v.Scenarios).SingleOrDefaultAsync(ct))?
                .FirstOrDefault(s => s.Id == scenarioId);
        if (scenario is null)
        {
            return null;
        }

        var finished = attempts.Where(a => a.FinishedAt is not null).ToList();
        var nodes = scenario.Nodes.Select(node =>
        {
            var reachedBy = node.IsEnd
                ? finished.Where(a => a.CurrentNodeId == node.Id).ToList()
                : finished.Where(a => a.Steps.Any(s => s.NodeId == node.Id)).ToList();
            var choices = node.Choices.Select(choice =>
            {
                // An attempt that loops back and takes the same choice twice counts once.
                var takers = reachedBy.Where(a => a.Steps.Any(s => s.NodeId == node.Id && s.ChoiceNumber == choice.Number)).ToList();
                var byProfession = takers.GroupBy(a => a.Profession).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
                    .Select(g => new ProfessionCount(ProfessionLabel(g.Key), g.Count())).ToList();
                return new ScenarioChoiceStat(choice.Number, choice.Text, choice.Line, choice.Next, choice.Meets, choice.Misses,
                    takers.Count, reachedBy.Count == 0 ? null : (double)takers.Count / reachedBy.Count, byProfession);
            }).ToList();
            return new ScenarioNodeStat(node.Id, node.IsEnd, node.Line, reachedBy.Count, choices);
        }).ToList();

        var items = scenario.Assesses.Select(item =>
        {
            var outcomes = finished.Select(a => a.Results.FirstOrDefault(r => r.Key == item.Key)?.Outcome).OfType<ScenarioItemOutcome>().ToList();
            return new ScenarioItemStat(item.Key, item.Kind, item.Text, outcomes.Count,
                outcomes.Count(o => o == ScenarioItemOutcome.Met), outcomes.Count(o => o == ScenarioItemOutcome.Missed), outcomes.Count(o => o == ScenarioItemOutcome.NotShown));
        }).ToList();

        return new ScenarioAnalysisReport(courseVersionId, scenarioId, scenario.Title, scenario.File, finished.Count, attempts.Count - finished.Count, nodes, items);
    }

    public static string ProfessionLabel(Profession? profession) => profession switch
    {
        null => "Not given",
        Profession.SocialWorker => "Social worker",
        Profession.PeerSpecialist => "Peer specialist",
        { } p => p.ToString(),
    };
}
