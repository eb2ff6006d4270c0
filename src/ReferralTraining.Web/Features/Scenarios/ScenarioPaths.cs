using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>
/// The paths through a scenario from its first Node to an End, each as the choice numbers taken. The demo seed and
/// the tests play the keyed path (the highest fidelity) through the player, so they pass a required scenario the way
/// a clinician does instead of writing a score.
/// </summary>
public static class ScenarioPaths
{
    /// <summary>Paths that never revisit a node (a loop back adds nothing to the score), at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> All(ScenarioDefinition scenario, int limit = 10_000)
    {
        var found = new List<IReadOnlyList<int>>();
        var choices = new List<int>();
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        void Walk(string nodeId)
        {
            var node = scenario.Node(nodeId);
            if (node is null || found.Count >= limit || !onPath.Add(nodeId))
            {
                return;
            }
            if (node.IsEnd)
            {
                found.Add([.. choices]);
            }
            foreach (var choice in node.Choices)
            {
                choices.Add(choice.Number);
                Walk(choice.Next);
                choices.RemoveAt(choices.Count - 1);
            }
            onPath.Remove(nodeId);
        }
        Walk(scenario.StartNodeId);
        return found;
    }

    /// <summary>The fidelity a path scores.</summary>
    public static int Score(ScenarioDefinition scenario, IReadOnlyList<int> path) =>
        ScenarioScoring.Score(scenario, Steps(scenario, path)).Percent;

    /// <summary>The keyed path: highest fidelity, then fewest steps.</summary>
    public static IReadOnlyList<int> Keyed(ScenarioDefinition scenario) =>
        All(scenario).OrderByDescending(p => Score(scenario, p)).ThenBy(p => p.Count).First();

    /// <summary>The steps a path takes (node and choice), without times.</summary>
    public static IReadOnlyList<ScenarioStep> Steps(ScenarioDefinition scenario, IReadOnlyList<int> path)
    {
        var steps = new List<ScenarioStep>();
        var nodeId = scenario.StartNodeId;
        foreach (var number in path)
        {
            var choice = scenario.Node(nodeId)!.Choices.Single(c => c.Number == number);
            steps.Add(new ScenarioStep(nodeId, number, default));
            nodeId = choice.Next;
        }
        return steps;
    }
}
