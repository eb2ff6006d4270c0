using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content;
using YamlDotNet.RepresentationModel;

namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>
/// Reads one scenario file (<c>content/courses/&lt;slug&gt;/scenarios/&lt;id&gt;.md</c>; format in docs/authoring.md,
/// "Practice scenarios"). Line-based on purpose, like quiz.md: every node and choice keeps its line, so errors
/// and the choice analysis point back to the source. Graph rules are in <see cref="ScenarioGraph"/>.
/// </summary>
public sealed partial class ScenarioParser(MarkdownRenderer renderer)
{
    public const string Folder = "scenarios";

    /// <summary>The longest choice at a node may be at most this many times the shortest (visible characters).</summary>
    public const double MaxLengthRatio = 1.6;

    private static readonly string[] Fields = ["id", "title", "summary", "estimated_minutes", "checklists", "assesses", "patient", "objectives"];

    private static readonly string[] ChoiceFields = ["Meets", "Misses", "Feedback", "Next"];

    // Near-misses of the field names: without this, "Meet: x" would silently become part of the feedback.
    private static readonly string[] MisspelledFields = ["meet", "met", "miss", "missed", "misssed", "feedbacks", "feeback", "goto", "go to", "next node", "choice"];

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^##\s+(\S+?):\s*(.*?)\s*$")]
    private static partial Regex BlockHeading();

    [GeneratedRegex(@"^-\s+Choice:\s*(.*?)\s*$")]
    private static partial Regex ChoiceLine();

    [GeneratedRegex(@"^\s+([A-Za-z][A-Za-z ]*?):\s*(.*?)\s*$")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"\b(all|none|both|neither) of the above\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AboveOption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    private sealed class RawChoice
    {
        public int Line;
        public StringBuilder Text = new();
        public readonly Dictionary<string, (StringBuilder Value, int Line)> Fields = new(StringComparer.Ordinal);
        public string? Last = "Choice";
    }

    private sealed class RawBlock(bool isEnd, string id, int line)
    {
        public bool IsEnd { get; } = isEnd;
        public string Id { get; } = id;
        public int Line { get; } = line;
        public List<(int Line, string Text)> TextLines { get; } = [];
        public List<RawChoice> Choices { get; } = [];
    }

    /// <param name="expectedId">The file name without .md; the scenario's id must equal it.</param>
    /// <param name="courseReferences">Citations resolve against the course's references first, then the checklists'.</param>
    public ScenarioDefinition? Parse(
        string text, string file, string expectedId, IReadOnlyDictionary<string, Reference> courseReferences,
        IReadOnlyDictionary<string, string> moduleUrls, IReadOnlyDictionary<string, Checklist> checklists, List<ContentError> errors,
        IReadOnlyList<Objective>? courseObjectives = null)
    {
        var errorsAtStart = errors.Count;
        var fm = FrontMatter.Parse(text, file, errors);
        if (fm is null)
        {
            return null;
        }
        fm.RejectUnknownKeys(Fields);
        var id = fm.String("id", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            fm.Error(fm.LineOfKey("id"), "Field 'id' must use lowercase letters, digits and single hyphens (e.g. not-religious).");
        }
        else if (id is not null && id != expectedId)
        {
            fm.Error(fm.LineOfKey("id"), $"Scenario id '{id}' must equal the file name without .md ('{expectedId}').");
        }
        var title = fm.String("title", required: true);
        var summary = fm.String("summary", required: true);
        var minutes = fm.Integer("estimated_minutes", required: true, 1, 120);
        var objectiveIds = ReadObjectives(fm, courseObjectives);

        // Checklists named, then the items assessed, each resolved against its checklist.
        var checklistIds = new List<string>();
        foreach (var node in fm.List("checklists", required: true))
        {
            if (node is not YamlScalarNode { Value: { } checklistId } || string.IsNullOrWhiteSpace(checklistId))
            {
                fm.Error(fm.LineOf(node), "Each entry in 'checklists' is a checklist id (a file in content/checklists without .yaml).");
                continue;
            }
            if (!checklists.ContainsKey(checklistId))
            {
                fm.Error(fm.LineOf(node), $"Unknown checklist '{checklistId}': there is no valid content/checklists/{checklistId}.yaml.");
            }
            if (checklistIds.Contains(checklistId))
            {
                fm.Error(fm.LineOf(node), $"Checklist '{checklistId}' is listed twice.");
                continue;
            }
            checklistIds.Add(checklistId);
        }
        var assesses = new List<ScenarioAssessedItem>();
        var assessedLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var teachingCitations = new List<string>();
        foreach (var node in fm.List("assesses", required: true))
        {
            var line = fm.LineOf(node);
            if (node is not YamlScalarNode { Value: { } key } || !TrySplitTag(key, out var checklistId, out var itemId))
            {
                fm.Error(line, "Each entry in 'assesses' is <checklist-id>.<item-id>, e.g. intensive-referral.explore-experience.");
                continue;
            }
            if (assessedLines.ContainsKey(key))
            {
                fm.Error(line, $"'{key}' is listed twice in 'assesses'.");
                continue;
            }
            if (!checklistIds.Contains(checklistId))
            {
                fm.Error(line, $"'{key}' names checklist '{checklistId}', which is not in this scenario's 'checklists'.");
                continue;
            }
            if (!checklists.TryGetValue(checklistId, out var checklist))
            {
                continue; // reported on the 'checklists' line
            }
            var item = checklist.Items.FirstOrDefault(i => i.Id == itemId);
            if (item is null)
            {
                fm.Error(line, $"Checklist '{checklistId}' has no item '{itemId}' (see {checklist.File}).");
                continue;
            }
            assessedLines[key] = line;
            teachingCitations.AddRange(item.CitedReferenceIds.Select(r => checklistId + "\0" + r));
            assesses.Add(new ScenarioAssessedItem(key, checklistId, itemId, item.Kind, item.Text, item.TeachingHtml, checklist.Method));
        }

        // References: the course's first, then each named checklist's (an id the course already has is the course's).
        var references = new Dictionary<string, Reference>(courseReferences, StringComparer.Ordinal);
        foreach (var checklistId in checklistIds)
        {
            if (checklists.TryGetValue(checklistId, out var checklist))
            {
                foreach (var reference in checklist.References)
                {
                    references.TryAdd(reference.Id, reference);
                }
            }
        }
        var cited = new List<string>();
        string Render(string markdown, int lineOffset)
        {
            var rendered = renderer.Render(markdown, file, lineOffset, references, moduleUrls, errors);
            cited.AddRange(rendered.CitedReferenceIds.Where(r => !cited.Contains(r)));
            return rendered.Html;
        }

        string? patientName = null;
        var profileHtml = "";
        var beforePatient = errors.Count;
        if (fm.Map("patient") is { } patient)
        {
            fm.RejectUnknownKeys(patient, ["name", "profile"], " in patient");
            patientName = fm.String(patient, "name", true, " in patient");
            var profile = fm.String(patient, "profile", true, " in patient");
            if (profile is not null)
            {
                profileHtml = Render(profile, fm.LineOf(patient.Children[new YamlScalarNode("profile")]) - 1);
            }
        }
        else if (errors.Count == beforePatient)
        {
            fm.Error(fm.FirstLine, "Missing required field 'patient' (with 'name' and 'profile').");
        }

        var blocks = ReadBlocks(fm.Body, fm.BodyLineOffset, file, errors);
        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            if (!IdPattern().IsMatch(block.Id))
            {
                errors.Add(new ContentError(file, block.Line, $"{(block.IsEnd ? "End" : "Node")} id '{block.Id}' must use lowercase letters, digits and hyphens."));
            }
            if (!blockIds.Add(block.Id))
            {
                errors.Add(new ContentError(file, block.Line, $"Duplicate id '{block.Id}': every Node and End needs its own id in the file."));
            }
        }

        var nodes = new List<ScenarioNode>();
        foreach (var block in blocks)
        {
            var body = string.Join('\n', block.TextLines.Select(l => l.Text)).Trim('\n');
            if (string.IsNullOrWhiteSpace(body))
            {
                errors.Add(new ContentError(file, block.Line, $"{(block.IsEnd ? "End" : "Node")} '{block.Id}' has no text: say what the patient says or does{(block.IsEnd ? ", or how the conversation closes" : "")}."));
            }
            var html = block.TextLines.Count == 0 ? "" : Render(string.Join('\n', block.TextLines.Select(l => l.Text)), block.TextLines[0].Line - 1);
            var choices = new List<ScenarioChoice>();
            if (block.IsEnd)
            {
                if (block.Choices.Count > 0)
                {
                    errors.Add(new ContentError(file, block.Choices[0].Line, $"End '{block.Id}' has choices: an End closes the conversation. Make it a '## Node:' or remove the choices."));
                }
            }
            else
            {
                if (block.Choices.Count == 0)
                {
                    errors.Add(new ContentError(file, block.Line, $"Node '{block.Id}' has no choices: a dead end. Give it 2-4 choices, or make it an '## End:'."));
                }
                else if (block.Choices.Count is 1 or > 4)
                {
                    errors.Add(new ContentError(file, block.Line, $"Node '{block.Id}' has {block.Choices.Count} choice(s); a node needs 2 to 4."));
                }
                foreach (var raw in block.Choices)
                {
                    choices.Add(ParseChoice(raw, choices.Count + 1, block, blocks, assessedLines, file, errors, Render));
                }
                CheckCueing(block, choices, file, errors);
            }
            nodes.Add(new ScenarioNode(block.Id, block.IsEnd, html, block.Line, choices));
        }

        if (nodes.Count > 0 || errors.Count == errorsAtStart)
        {
            ScenarioGraph.Check(nodes, assessedLines, file, fm.BodyLineOffset, errors);
        }
        PersonFirstLanguage.Check(text, file, errors);

        if (id is null || title is null || summary is null || minutes is null || patientName is null || errors.Count > errorsAtStart)
        {
            return null;
        }
        var citedIds = cited.Concat(teachingCitations.Select(c => c[(c.IndexOf('\0') + 1)..])).Distinct().ToList();
        var citedReferences = citedIds.Select(r => references.TryGetValue(r, out var reference) ? reference : null)
            .OfType<Reference>().ToList();
        return new ScenarioDefinition(id, title, summary, minutes.Value, checklistIds, assesses, patientName, profileHtml, nodes, citedReferences, file)
        {
            ObjectiveIds = objectiveIds,
        };
    }

    /// <summary>The optional <c>objectives</c> list: ids from course.md (checked when the course's objectives are given).</summary>
    private static List<string> ReadObjectives(FrontMatter fm, IReadOnlyList<Objective>? courseObjectives)
    {
        var ids = new List<string>();
        foreach (var node in fm.List("objectives", required: false))
        {
            if (node is not YamlScalarNode { Value: { } objectiveId } || string.IsNullOrWhiteSpace(objectiveId))
            {
                fm.Error(fm.LineOf(node), "Each entry in 'objectives' is an objective id from course.md.");
                continue;
            }
            if (courseObjectives is not null && !courseObjectives.Any(o => o.Id == objectiveId))
            {
                fm.Error(fm.LineOf(node), $"Objective '{objectiveId}' is not defined in course.md.");
                continue;
            }
            if (!ids.Contains(objectiveId))
            {
                ids.Add(objectiveId);
            }
        }
        return ids;
    }

    private static List<RawBlock> ReadBlocks(string body, int lineOffset, string file, List<ContentError> errors)
    {
        var blocks = new List<RawBlock>();
        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lineOffset + i + 1;
            var text = lines[i];
            var heading = BlockHeading().Match(text);
            if (heading.Success)
            {
                var kind = heading.Groups[1].Value;
                if (kind is not ("Node" or "End"))
                {
                    errors.Add(new ContentError(file, line, $"Unknown heading '## {kind}:'. Blocks are '## Node: <id>' and '## End: <id>'."));
                    continue;
                }
                blocks.Add(new RawBlock(kind == "End", heading.Groups[2].Value, line));
                continue;
            }
            if (text.StartsWith("## ", StringComparison.Ordinal) || text.StartsWith("# ", StringComparison.Ordinal))
            {
                errors.Add(new ContentError(file, line, "Headings in a scenario are '## Node: <id>' and '## End: <id>' only; use bold text inside a node."));
                continue;
            }
            if (blocks.Count == 0)
            {
                if (!string.IsNullOrWhiteSpace(text))
                {
                    errors.Add(new ContentError(file, line, "Text before the first '## Node:' heading: the patient's profile goes in the front matter ('patient: profile:')."));
                }
                continue;
            }
            var block = blocks[^1];
            var choice = ChoiceLine().Match(text);
            if (choice.Success)
            {
                var raw = new RawChoice { Line = line };
                raw.Text.Append(choice.Groups[1].Value);
                block.Choices.Add(raw);
                continue;
            }
            if (block.Choices.Count == 0)
            {
                block.TextLines.Add((line, text));
                continue;
            }
            var current = block.Choices[^1];
            if (string.IsNullOrWhiteSpace(text))
            {
                if (current.Last == "Feedback")
                {
                    current.Fields["Feedback"].Value.Append('\n');
                }
                continue;
            }
            if (!char.IsWhiteSpace(text[0]))
            {
                errors.Add(new ContentError(file, line, $"Text after the choices of '{block.Id}': put the node's text before its first '- Choice:', or indent this line under a choice."));
                continue;
            }
            var field = FieldLine().Match(text);
            if (field.Success && ChoiceFields.Contains(field.Groups[1].Value))
            {
                var name = field.Groups[1].Value;
                if (current.Fields.ContainsKey(name))
                {
                    errors.Add(new ContentError(file, line, $"'{name}:' is given twice in this choice."));
                    continue;
                }
                current.Fields[name] = (new StringBuilder(field.Groups[2].Value), line);
                current.Last = name;
                continue;
            }
            if (field.Success && (MisspelledFields.Contains(field.Groups[1].Value.ToLowerInvariant())
                || ChoiceFields.Contains(field.Groups[1].Value, StringComparer.OrdinalIgnoreCase)))
            {
                errors.Add(new ContentError(file, line, $"Unknown field '{field.Groups[1].Value}:' in a choice. Allowed: Meets, Misses, Feedback, Next."));
                continue;
            }
            // A continuation line of the choice text or of its feedback.
            if (current.Last is "Choice")
            {
                current.Text.Append(' ').Append(text.Trim());
            }
            else if (current.Last is "Feedback")
            {
                current.Fields["Feedback"].Value.Append('\n').Append(text.Trim());
            }
            else
            {
                errors.Add(new ContentError(file, line, $"This line continues '{current.Last}:', which is one line. Only the choice text and 'Feedback:' may run over several lines."));
            }
        }
        if (blocks.Count == 0)
        {
            errors.Add(new ContentError(file, lineOffset + 1, "The scenario has no '## Node: <id>' blocks."));
        }
        return blocks;
    }

    private static ScenarioChoice ParseChoice(
        RawChoice raw, int number, RawBlock block, List<RawBlock> blocks, Dictionary<string, int> assessed,
        string file, List<ContentError> errors, Func<string, int, string> render)
    {
        var text = raw.Text.ToString().Trim();
        if (text.Length == 0)
        {
            errors.Add(new ContentError(file, raw.Line, "'- Choice:' needs the words the clinician says or what they do."));
        }
        if (AboveOption().IsMatch(text))
        {
            errors.Add(new ContentError(file, raw.Line, "A choice may not be \"all/none of the above\": each choice is one thing a clinician says or does."));
        }
        var meets = Tags(raw, "Meets", assessed, file, errors);
        var misses = Tags(raw, "Misses", assessed, file, errors);
        if (!raw.Fields.ContainsKey("Meets") && !raw.Fields.ContainsKey("Misses"))
        {
            errors.Add(new ContentError(file, raw.Line, "Untagged choice: add 'Meets:' and/or 'Misses:' with the checklist items it shows or skips."));
        }
        foreach (var both in meets.Intersect(misses))
        {
            errors.Add(new ContentError(file, raw.Fields["Misses"].Line, $"'{both}' is under both 'Meets:' and 'Misses:' of this choice."));
        }
        var feedbackHtml = "";
        if (!raw.Fields.TryGetValue("Feedback", out var feedback) || string.IsNullOrWhiteSpace(feedback.Value.ToString()))
        {
            errors.Add(new ContentError(file, raw.Line, "Choice has no 'Feedback:': every choice teaches, right or wrong."));
        }
        else
        {
            feedbackHtml = render(feedback.Value.ToString().Trim(), feedback.Line - 1);
        }
        var next = "";
        if (!raw.Fields.TryGetValue("Next", out var nextField) || string.IsNullOrWhiteSpace(nextField.Value.ToString()))
        {
            errors.Add(new ContentError(file, raw.Line, "Choice has no 'Next:': name the Node or End it leads to."));
        }
        else
        {
            next = nextField.Value.ToString().Trim();
            if (!blocks.Any(b => b.Id == next))
            {
                errors.Add(new ContentError(file, nextField.Line, $"Next '{next}' is not a Node or End in this file."));
            }
        }
        var html = render(text, raw.Line - 1).Trim();
        // One short line in a label: drop the paragraph Markdown wraps it in.
        if (html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal) && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0)
        {
            html = html[3..^4];
        }
        return new ScenarioChoice(number, text, html, meets, misses, feedbackHtml, next, raw.Line);
    }

    private static List<string> Tags(RawChoice raw, string field, Dictionary<string, int> assessed, string file, List<ContentError> errors)
    {
        var tags = new List<string>();
        if (!raw.Fields.TryGetValue(field, out var value))
        {
            return tags;
        }
        foreach (var tag in value.Value.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TrySplitTag(tag, out _, out _))
            {
                errors.Add(new ContentError(file, value.Line, $"Tag '{tag}' must be <checklist-id>.<item-id>, as listed in 'assesses'."));
            }
            else if (!assessed.ContainsKey(tag))
            {
                errors.Add(new ContentError(file, value.Line, $"Tag '{tag}' is not listed in 'assesses' (or its checklist or item does not exist); every tag scores an assessed item."));
            }
            else if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }
        if (tags.Count == 0 && value.Value.ToString().Trim().Length == 0)
        {
            errors.Add(new ContentError(file, value.Line, $"'{field}:' is empty: list the items, or leave the line out."));
        }
        return tags;
    }

    private static void CheckCueing(RawBlock block, List<ScenarioChoice> choices, string file, List<ContentError> errors)
    {
        var lengths = choices.Select(c => VisibleLength(c.Text)).Where(l => l > 0).ToList();
        if (lengths.Count < 2)
        {
            return;
        }
        var (shortest, longest) = (lengths.Min(), lengths.Max());
        if (longest > shortest * MaxLengthRatio)
        {
            errors.Add(new ContentError(file, block.Line,
                $"Choices at '{block.Id}' cue the answer by length: the shortest has {shortest} visible characters and the longest {longest} (at most {MaxLengthRatio}x). Make them similar in length."));
        }
    }

    /// <summary>Characters a reader sees: the text rendered from Markdown, without markup.</summary>
    public static int VisibleLength(string markdown)
    {
        var html = Markdig.Markdown.ToHtml(markdown);
        return WebUtility.HtmlDecode(Tag().Replace(html, "")).Trim().Length;
    }

    private static bool TrySplitTag(string tag, out string checklistId, out string itemId)
    {
        var parts = tag.Trim().Split('.');
        checklistId = parts.Length == 2 ? parts[0] : "";
        itemId = parts.Length == 2 ? parts[1] : "";
        return parts.Length == 2 && IdPattern().IsMatch(parts[0]) && IdPattern().IsMatch(parts[1]);
    }
}
