using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>
/// The graph rules of a scenario: the first Node is the start; every block is reachable from it; every Node
/// can reach an End (so a loop always has an exit); every assessed item can be met on some path.
/// </summary>
public static class ScenarioGraph
{
    public static void Check(
        IReadOnlyList<ScenarioNode> nodes, IReadOnlyDictionary<string, int> assessedLines, string file, int bodyLine, List<ContentError> errors)
    {
        var byId = nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var start = nodes.FirstOrDefault(n => !n.IsEnd);
        if (start is null)
        {
            errors.Add(new ContentError(file, nodes.Count > 0 ? nodes[0].Line : bodyLine + 1, "The scenario has no '## Node:': the first Node is where every attempt starts."));
            return;
        }
        if (!nodes.Any(n => n.IsEnd))
        {
            errors.Add(new ContentError(file, start.Line, "The scenario has no '## End:': every conversation needs at least one ending."));
        }

        // Forward: what the start reaches.
        var reached = new HashSet<string>(StringComparer.Ordinal) { start.Id };
        var queue = new Queue<ScenarioNode>([start]);
        while (queue.Count > 0)
        {
            foreach (var choice in queue.Dequeue().Choices)
            {
                if (byId.TryGetValue(choice.Next, out var next) && reached.Add(next.Id))
                {
                    queue.Enqueue(next);
                }
            }
        }
        foreach (var node in nodes.Where(n => !reached.Contains(n.Id)).DistinctBy(n => n.Id))
        {
            errors.Add(new ContentError(file, node.Line, $"{(node.IsEnd ? "End" : "Node")} '{node.Id}' is unreachable: no choice on any path from the start ('{start.Id}') leads to it."));
        }

        // Backward: what can still reach an End.
        var canEnd = new HashSet<string>(nodes.Where(n => n.IsEnd).Select(n => n.Id), StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var node in nodes.Where(n => !n.IsEnd && !canEnd.Contains(n.Id)))
            {
                if (node.Choices.Any(c => canEnd.Contains(c.Next)))
                {
                    canEnd.Add(node.Id);
                    grew = true;
                }
            }
        }
        while (grew);
        foreach (var node in nodes.Where(n => !n.IsEnd && n.Choices.Count > 0 && !canEnd.Contains(n.Id)).DistinctBy(n => n.Id))
        {
            var trapped = Trapped(node, byId, canEnd);
            errors.Add(new ContentError(file, node.Line, trapped.Count > 1 || node.Choices.Any(c => c.Next == node.Id)
                ? $"Node '{node.Id}' can never reach an End: a loop without exit through {string.Join(", ", trapped.Select(t => $"'{t}'"))}. Give one of them a choice that leads on to an End."
                : $"Node '{node.Id}' can never reach an End: a dead end. Give it a choice that leads to an End."));
        }

        // Every assessed item must be scorable: met by some choice at a reachable node.
        var metSomewhere = nodes.Where(n => reached.Contains(n.Id)).SelectMany(n => n.Choices).SelectMany(c => c.Meets).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, line) in assessedLines.Where(a => !metSomewhere.Contains(a.Key)))
        {
            errors.Add(new ContentError(file, line, $"Assessed item '{key}' is never met: no choice on any path from the start lists it under 'Meets:', so no clinician could score it."));
        }
    }

    /// <summary>The nodes reachable from <paramref name="node"/>, none of which can reach an End.</summary>
    private static List<string> Trapped(ScenarioNode node, Dictionary<string, ScenarioNode> byId, HashSet<string> canEnd)
    {
        var seen = new List<string> { node.Id };
        for (var i = 0; i < seen.Count; i++)
        {
            if (!byId.TryGetValue(seen[i], out var current))
            {
                continue;
            }
            foreach (var choice in current.Choices)
            {
                if (byId.ContainsKey(choice.Next) && !canEnd.Contains(choice.Next) && !seen.Contains(choice.Next))
                {
                    seen.Add(choice.Next);
                }
            }
        }
        return seen;
    }
}
