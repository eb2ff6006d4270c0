using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>
/// The fidelity score (docs/authoring.md, "Scoring"): items of <c>assesses</c> met on the path taken, as a
/// percentage of all assessed items. Rounded down, so "at or above min_fidelity" never passes a score below it.
/// </summary>
public static class ScenarioScoring
{
    public static (int Percent, IReadOnlyList<ScenarioItemResult> Results) Score(ScenarioDefinition scenario, IReadOnlyList<ScenarioStep> steps)
    {
        var chosen = steps.Select(s => scenario.Node(s.NodeId)?.Choices.FirstOrDefault(c => c.Number == s.ChoiceNumber)).OfType<ScenarioChoice>().ToList();
        var met = chosen.SelectMany(c => c.Meets).ToHashSet(StringComparer.Ordinal);
        var missed = chosen.SelectMany(c => c.Misses).ToHashSet(StringComparer.Ordinal);
        var results = scenario.Assesses.Select(a => new ScenarioItemResult(a.Key,
            met.Contains(a.Key) ? ScenarioItemOutcome.Met
            : missed.Contains(a.Key) ? ScenarioItemOutcome.Missed
            : ScenarioItemOutcome.NotShown)).ToList();
        var percent = results.Count == 0 ? 0 : results.Count(r => r.Outcome == ScenarioItemOutcome.Met) * 100 / results.Count;
        return (percent, results);
    }
}
