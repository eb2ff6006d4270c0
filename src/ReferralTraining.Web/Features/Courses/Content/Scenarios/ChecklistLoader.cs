using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Courses.Content;
using YamlDotNet.RepresentationModel;

namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>
/// Loads <c>content/checklists/*.yaml</c> (format in docs/authoring.md, "Practice scenarios"). A checklist
/// with any error is left out, so scenarios that name it fail too rather than score against half a list.
/// </summary>
public sealed partial class ChecklistLoader(MarkdownRenderer renderer)
{
    public const string Folder = "checklists";

    private static readonly string[] Fields = ["id", "title", "method", "description", "references", "items"];

    private static readonly Dictionary<string, string> NoModules = [];

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    /// <summary>Every valid checklist by id; an absent folder is no checklists (and no error).</summary>
    public IReadOnlyDictionary<string, Checklist> LoadAll(string contentRoot, List<ContentError> errors)
    {
        var result = new Dictionary<string, Checklist>(StringComparer.Ordinal);
        var folder = Path.Combine(contentRoot, Folder);
        if (!Directory.Exists(folder))
        {
            return result;
        }
        foreach (var path in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine("content", Folder, Path.GetFileName(path)).Replace('\\', '/');
            if (!path.EndsWith(".yaml", StringComparison.Ordinal))
            {
                errors.Add(new ContentError(file, 0, "Only checklist files named <id>.yaml belong in content/checklists."));
                continue;
            }
            var checklistErrors = new List<ContentError>();
            var checklist = Load(path, file, checklistErrors);
            errors.AddRange(checklistErrors);
            if (checklist is not null && checklistErrors.Count == 0)
            {
                result[checklist.Id] = checklist;
            }
        }
        return result;
    }

    private Checklist? Load(string path, string file, List<ContentError> errors)
    {
        var text = ContentText.Read(path, file, errors);
        if (text is null)
        {
            return null;
        }
        var doc = FrontMatter.ParseDocument(text, file, errors);
        if (doc is null)
        {
            return null;
        }
        doc.RejectUnknownKeys(Fields);
        var id = doc.String("id", required: true);
        var expected = Path.GetFileNameWithoutExtension(path);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            doc.Error(doc.LineOfKey("id"), "Field 'id' must use lowercase letters, digits and single hyphens (e.g. intensive-referral).");
        }
        else if (id is not null && id != expected)
        {
            doc.Error(doc.LineOfKey("id"), $"Checklist id '{id}' must equal the file name without .yaml ('{expected}').");
        }
        var title = doc.String("title", required: true);
        var method = doc.String("method", required: true);
        if (method?.Contains('\n') == true)
        {
            doc.Error(doc.LineOfKey("method"), "Field 'method' is one line (it is shown in the debrief).");
        }
        var description = doc.String("description", required: true);

        var references = new List<Reference>();
        foreach (var node in doc.List("references", required: true))
        {
            if (node is not YamlMappingNode map)
            {
                doc.Error(doc.LineOf(node), "Each reference needs 'id', 'short' and 'citation'.");
                continue;
            }
            doc.RejectUnknownKeys(map, ["id", "short", "citation"], " in references");
            var refId = doc.String(map, "id", true, " in references");
            var shortLabel = doc.String(map, "short", true, " in references");
            var citation = doc.String(map, "citation", true, " in references");
            if (refId is null || shortLabel is null || citation is null)
            {
                continue;
            }
            if (references.Any(r => r.Id == refId))
            {
                doc.Error(doc.LineOf(map), $"Duplicate reference id '{refId}'.");
                continue;
            }
            references.Add(new Reference(refId, shortLabel, citation));
        }
        var referencesById = references.ToDictionary(r => r.Id);
        var descriptionHtml = description is null ? "" : Render(description, file, doc.LineOfKey("description"), referencesById, errors).Html;

        var items = new List<ChecklistItem>();
        foreach (var node in doc.List("items", required: true))
        {
            if (node is not YamlMappingNode map)
            {
                doc.Error(doc.LineOf(node), "Each item needs 'id', 'text' and 'teaching' (and optionally 'kind').");
                continue;
            }
            doc.RejectUnknownKeys(map, ["id", "kind", "text", "teaching"], " in items");
            var itemId = doc.String(map, "id", true, " in items");
            var kindText = doc.String(map, "kind", false, " in items");
            var itemText = doc.String(map, "text", true, " in items");
            var teaching = doc.String(map, "teaching", true, " in items");
            ChecklistItemKind? kind = kindText switch
            {
                null or "" or "consistent" => ChecklistItemKind.Consistent,
                "inconsistent" => ChecklistItemKind.Inconsistent,
                _ => null,
            };
            if (kind is null)
            {
                doc.Error(doc.LineOf(map.Children[new YamlScalarNode("kind")]), "Field 'kind' in items must be consistent or inconsistent.");
            }
            if (itemId is not null && !IdPattern().IsMatch(itemId))
            {
                doc.Error(doc.LineOf(map), $"Item id '{itemId}' must use lowercase letters, digits and hyphens.");
                continue;
            }
            if (itemId is not null && items.Any(i => i.Id == itemId))
            {
                doc.Error(doc.LineOf(map), $"Duplicate item id '{itemId}'.");
                continue;
            }
            if (itemId is null || itemText is null || teaching is null || kind is null)
            {
                continue;
            }
            var teachingLine = doc.LineOf(map.Children[new YamlScalarNode("teaching")]);
            var rendered = Render(teaching, file, teachingLine, referencesById, errors);
            items.Add(new ChecklistItem(itemId, kind.Value, itemText, rendered.Html, rendered.CitedReferenceIds, doc.LineOf(map)));
        }
        PersonFirstLanguage.Check(text, file, errors);
        if (id is null || title is null || method is null || description is null)
        {
            return null;
        }
        return new Checklist(id, title, method, descriptionHtml, references, items, file, text);
    }

    private MarkdownRenderer.Rendered Render(string markdown, string file, int line, IReadOnlyDictionary<string, Reference> references, List<ContentError> errors)
    {
        var found = new List<ContentError>();
        var rendered = renderer.Render(markdown, file, line - 1, references, NoModules, found);
        // A folded YAML value is one line to the renderer: point at the field's line, and name the checklist's own list.
        errors.AddRange(found.Select(e => e with { Line = line, Message = e.Message.Replace("in course.md", "in this checklist's references", StringComparison.Ordinal) }));
        return rendered;
    }
}
