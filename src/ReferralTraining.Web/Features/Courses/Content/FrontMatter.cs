using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// Reads YAML front matter through the representation model so that every value keeps its line
/// number: errors point at the exact line, and unknown keys are rejected rather than dropped.
/// </summary>
public sealed class FrontMatter
{
    private readonly YamlMappingNode root;
    private readonly string file;
    private readonly List<ContentError> errors;
    private readonly int lineOffset;

    private FrontMatter(YamlMappingNode root, string file, int lineOffset, List<ContentError> errors)
    {
        this.root = root;
        this.file = file;
        this.lineOffset = lineOffset;
        this.errors = errors;
    }

    /// <summary>Number of lines before the Markdown body (both --- lines included).</summary>
    public int BodyLineOffset { get; private init; }

    public string Body { get; private init; } = "";

    /// <summary>Splits a file into front matter and body. Returns null (with an error) if that is impossible.</summary>
    public static FrontMatter? Parse(string text, string file, List<ContentError> errors)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
        {
            errors.Add(new ContentError(file, 1, "File must start with YAML front matter: a line '---', the fields, then a closing '---'."));
            return null;
        }
        var lines = normalized.Split('\n');
        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        if (close < 0)
        {
            errors.Add(new ContentError(file, 1, "Front matter is not closed: add a line '---' after the last field."));
            return null;
        }
        var yaml = string.Join('\n', lines[1..close]);
        var body = string.Join('\n', lines[(close + 1)..]);
        var map = Load(yaml, lines[1..close], file, errors);
        return map is null ? null : new FrontMatter(map, file, 1, errors) { BodyLineOffset = close + 1, Body = body };
    }

    /// <summary>Reads a whole file that is one YAML mapping (e.g. a checklist); lines are the file's own.</summary>
    public static FrontMatter? ParseDocument(string text, string file, List<ContentError> errors)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var map = Load(normalized, normalized.Split('\n'), file, errors, lineShift: 0);
        return map is null ? null : new FrontMatter(map, file, 0, errors);
    }

    private static YamlMappingNode? Load(string yaml, string[] yamlLinesOfFile, string file, List<ContentError> errors, int lineShift = 1)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            errors.Add(new ContentError(file, (int)ex.Start.Line + lineShift, $"Invalid YAML: {Describe(ex)}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this (not a YamlException) for some unclosed flow collections.
            errors.Add(new ContentError(file, lineShift + UnbalancedLine(yamlLinesOfFile), "Invalid YAML: an opening '[' or '{' is never closed."));
            return null;
        }
        catch (ArgumentException)
        {
            // YamlDotNet throws this (not a YamlException) where a node is missing, e.g. "? :" or "- :"; its parser is still on that spot.
            // The parser may already stand past the last line: report the last non-blank line up to there.
            var yamlLines = yamlLinesOfFile;
            var at = Math.Clamp((int)(parser.Current?.Start.Line ?? 1), 1, Math.Max(1, yamlLines.Length));
            while (at > 1 && string.IsNullOrWhiteSpace(yamlLines[at - 1]))
            {
                at--;
            }
            errors.Add(new ContentError(file, at + lineShift, "Invalid YAML: a key or list item here has nothing YAML can read (a stray '?', '-' or ':')."));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            errors.Add(new ContentError(file, 1 + lineShift, lineShift == 0 ? "The file must be a set of 'field: value' lines." : "Front matter must be a set of 'field: value' lines."));
            return null;
        }
        return map;
    }

    public int LineOf(YamlNode node) => (int)node.Start.Line + lineOffset;

    public int FirstLine => 1 + lineOffset;

    public void RejectUnknownKeys(IReadOnlyCollection<string> allowed) => RejectUnknownKeys(root, allowed, "");

    public void RejectUnknownKeys(YamlMappingNode map, IReadOnlyCollection<string> allowed, string context)
    {
        foreach (var key in map.Children.Keys.OfType<YamlScalarNode>())
        {
            if (!allowed.Contains(key.Value ?? ""))
            {
                errors.Add(new ContentError(file, LineOf(key), $"Unknown field '{key.Value}'{context}. Allowed: {string.Join(", ", allowed)}."));
            }
        }
    }

    public string? String(string key, bool required) => String(root, key, required, "");

    public string? String(YamlMappingNode map, string key, bool required, string context)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            if (required)
            {
                errors.Add(new ContentError(file, map == root ? FirstLine : LineOf(map), $"Missing required field '{key}'{context}."));
            }
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            errors.Add(new ContentError(file, LineOf(node), $"Field '{key}'{context} must be a single value."));
            return null;
        }
        var value = scalar.Value?.Trim();
        if (required && string.IsNullOrEmpty(value))
        {
            errors.Add(new ContentError(file, LineOf(node), $"Field '{key}'{context} must not be empty."));
            return null;
        }
        return value;
    }

    public int? Integer(string key, bool required, int min, int max)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(new ContentError(file, LineOf(root.Children[new YamlScalarNode(key)]), $"Field '{key}' must be a whole number from {min} to {max}."));
            return null;
        }
        return value;
    }

    public YamlMappingNode? Map(string key)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return null;
        }
        if (node is not YamlMappingNode map)
        {
            errors.Add(new ContentError(file, LineOf(node), $"Field '{key}' must be a set of 'name: value' lines."));
            return null;
        }
        return map;
    }

    public int? Integer(YamlMappingNode map, string key, bool required, int min, int max, string context)
    {
        var text = String(map, key, required, context);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(new ContentError(file, LineOf(map.Children[new YamlScalarNode(key)]), $"Field '{key}'{context} must be a whole number from {min} to {max}."));
            return null;
        }
        return value;
    }

    public DateOnly? Date(string key)
    {
        var text = String(key, required: false);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(new ContentError(file, LineOf(root.Children[new YamlScalarNode(key)]), $"Field '{key}' must be a date written YYYY-MM-DD."));
            return null;
        }
        return date;
    }

    /// <summary>A list field; each item with its line. Missing optional lists are empty.</summary>
    public IReadOnlyList<YamlNode> List(string key, bool required)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            if (required)
            {
                errors.Add(new ContentError(file, FirstLine, $"Missing required field '{key}' (a list)."));
            }
            return [];
        }
        if (node is YamlScalarNode { Value: null or "" } && !required)
        {
            return [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(new ContentError(file, LineOf(node), $"Field '{key}' must be a list."));
            return [];
        }
        if (required && sequence.Children.Count == 0)
        {
            errors.Add(new ContentError(file, LineOf(node), $"Field '{key}' must have at least one item."));
        }
        return sequence.Children.ToList();
    }

    public bool HasKey(string key) => root.Children.ContainsKey(new YamlScalarNode(key));

    public int LineOfKey(string key) =>
        root.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key) is { } node ? LineOf(node) : FirstLine;

    public void Error(int line, string message) => errors.Add(new ContentError(file, line, message));

    private static int UnbalancedLine(string[] yamlLines)
    {
        for (var i = 0; i < yamlLines.Length; i++)
        {
            var l = yamlLines[i];
            if (l.Count(c => c == '[') != l.Count(c => c == ']') || l.Count(c => c == '{') != l.Count(c => c == '}'))
            {
                return i + 1;
            }
        }
        return 1;
    }

    private static string Describe(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        // YamlDotNet prefixes its own (0-based) location; ours is already in the error.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }
}
