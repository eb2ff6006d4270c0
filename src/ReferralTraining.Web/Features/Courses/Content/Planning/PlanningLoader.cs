using ReferralTraining.Web.Features.Courses.Content.Scenarios;
using YamlDotNet.RepresentationModel;

namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>
/// Reads and checks a course's <c>planning.yaml</c> (issue 22 item 3). Every problem is reported at file:line and keeps
/// the course from loading, so no version is published without a planning record an accreditor could review.
/// </summary>
public static class PlanningLoader
{
    public const string FileName = "planning.yaml";

    private static readonly string[] Fields = ["gap", "needs_sources", "desired_changes"];

    /// <param name="file">The planning file's path as reported in errors (content/courses/&lt;id&gt;/planning.yaml).</param>
    public static PlanningRecord? Parse(
        string text, string file, IReadOnlyDictionary<string, Reference> references, bool hasQuiz,
        IReadOnlyList<ScenarioDefinition> scenarios, List<ContentError> errors)
    {
        var errorsAtStart = errors.Count;
        var fm = FrontMatter.ParseDocument(text, file, errors);
        if (fm is null)
        {
            return null;
        }
        fm.RejectUnknownKeys(Fields);
        var gap = ParseGap(fm);
        var needs = ParseNeeds(fm, references);
        var changes = ParseChanges(fm, hasQuiz, scenarios.Count > 0);
        return gap is null || errors.Count > errorsAtStart ? null : new PlanningRecord(gap, needs, changes);
    }

    private static PracticeGap? ParseGap(FrontMatter fm)
    {
        const string Advice = "The planning record needs 'gap' with 'current_practice' (what clinicians do now) and 'best_practice' (what the evidence supports): the professional practice gap the activity answers.";
        var map = fm.Map("gap");
        if (map is null)
        {
            if (!fm.HasKey("gap"))
            {
                fm.Error(fm.FirstLine, Advice);
            }
            return null;
        }
        fm.RejectUnknownKeys(map, ["current_practice", "best_practice"], " in gap");
        var current = fm.String(map, "current_practice", true, " in gap");
        var best = fm.String(map, "best_practice", true, " in gap");
        return current is null || best is null ? null : new PracticeGap(current, best);
    }

    private static List<NeedsSource> ParseNeeds(FrontMatter fm, IReadOnlyDictionary<string, Reference> references)
    {
        var needs = new List<NeedsSource>();
        foreach (var node in fm.List("needs_sources", required: true))
        {
            if (node is not YamlMappingNode map)
            {
                fm.Error(fm.LineOf(node), "Each needs source is either 'ref' (a reference id of this course) or 'source' (e.g. learner evaluations of version 1.2.0), with a 'finding'.");
                continue;
            }
            fm.RejectUnknownKeys(map, ["ref", "source", "finding"], " in needs_sources");
            var refId = fm.String(map, "ref", false, " in needs_sources");
            var source = fm.String(map, "source", false, " in needs_sources");
            var finding = fm.String(map, "finding", true, " in needs_sources");
            if (string.IsNullOrEmpty(refId) == string.IsNullOrEmpty(source))
            {
                fm.Error(fm.LineOf(map), "A needs source names either 'ref' (a reference id of this course) or 'source' (free text), not both and not neither.");
                continue;
            }
            if (!string.IsNullOrEmpty(refId) && !references.ContainsKey(refId))
            {
                fm.Error(fm.LineOf(map.Children[new YamlScalarNode("ref")]),
                    $"Needs source names unknown reference '{refId}': use a reference id from course.md 'references'.");
                continue;
            }
            if (finding is not null)
            {
                needs.Add(string.IsNullOrEmpty(refId) ? new NeedsSource(null, source!, finding) : new NeedsSource(refId, references[refId].Citation, finding));
            }
        }
        return needs;
    }

    private static List<DesiredChange> ParseChanges(FrontMatter fm, bool hasQuiz, bool hasScenarios)
    {
        var changes = new List<DesiredChange>();
        if (!fm.HasKey("desired_changes"))
        {
            fm.Error(fm.FirstLine, $"The planning record names no Moore level: add 'desired_changes', each with 'level' ({string.Join(", ", MooreLevels.All)}), 'change' and 'measured_by'.");
            return changes;
        }
        foreach (var node in fm.List("desired_changes", required: true))
        {
            if (node is not YamlMappingNode map)
            {
                fm.Error(fm.LineOf(node), "Each desired change needs 'level', 'change' and 'measured_by'.");
                continue;
            }
            const string Context = " in desired_changes";
            fm.RejectUnknownKeys(map, ["level", "change", "measured_by"], Context);
            var level = fm.String(map, "level", true, Context);
            var change = fm.String(map, "change", true, Context);
            if (level is not null && !MooreLevels.All.Contains(level))
            {
                fm.Error(fm.LineOf(map.Children[new YamlScalarNode("level")]), $"Moore level '{level}' is not one of: {string.Join(", ", MooreLevels.All)}.");
                level = null;
            }
            else if (level is not null && changes.Any(c => c.Level == level))
            {
                fm.Error(fm.LineOf(map), $"Moore level '{level}' is listed twice.");
                level = null;
            }
            var measures = ParseMeasures(fm, map, level ?? "this level", hasQuiz, hasScenarios);
            if (level is not null && change is not null && measures is not null)
            {
                changes.Add(new DesiredChange(level, change, measures));
            }
        }
        return changes;
    }

    private static List<string>? ParseMeasures(FrontMatter fm, YamlMappingNode map, string level, bool hasQuiz, bool hasScenarios)
    {
        var advice = $"'measured_by' of {level} must list at least one of: {string.Join(", ", MooreLevels.Measures)}.";
        if (!map.Children.TryGetValue(new YamlScalarNode("measured_by"), out var node) || node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            fm.Error(map.Children.TryGetValue(new YamlScalarNode("measured_by"), out var at) ? fm.LineOf(at) : fm.LineOf(map), advice);
            return null;
        }
        var measures = new List<string>();
        foreach (var item in list.Children)
        {
            var measure = (item as YamlScalarNode)?.Value ?? "";
            if (!MooreLevels.Measures.Contains(measure))
            {
                fm.Error(fm.LineOf(item), advice);
                return null;
            }
            if ((measure == MooreLevels.Quiz && !hasQuiz) || (measure == MooreLevels.Scenarios && !hasScenarios))
            {
                fm.Error(fm.LineOf(item), $"{level} is measured by '{measure}' but the course has no {(measure == MooreLevels.Quiz ? "quiz" : "practice scenarios")}.");
                return null;
            }
            if (!measures.Contains(measure))
            {
                measures.Add(measure);
            }
        }
        return measures;
    }
}
