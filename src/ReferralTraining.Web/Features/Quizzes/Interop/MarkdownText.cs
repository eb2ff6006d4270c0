using System.Text;
using System.Text.RegularExpressions;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

/// <summary>
/// Plain text made into Markdown that renders as the text reads, the way Moodle shows GIFT and Aiken text (its
/// auto-format does not interpret Markdown): "# (hash)" must not become a heading, "&gt; 4 drinks" a quotation,
/// "1990. …" a list, and "A \ B \\ C" must keep every backslash. quiz.md renders with the pipeline in
/// MarkdownRenderer (HTML off, pipe tables, emphasis and list extras), so its markers are escaped too.
/// </summary>
public static partial class MarkdownText
{
    // Characters that mean something anywhere in a line. Escaping a punctuation character that means nothing is
    // harmless in CommonMark (it renders as itself), so the set errs on the side of escaping.
    private const string Inline = "\\`*_[]<~^|";

    // A line start that would open a block: ATX heading, quotation, bullet, ordered list (digits, or the letters and
    // roman numerals of the list extras), with the marker's punctuation as the group to escape.
    [GeneratedRegex(@"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|(?:[0-9]{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]{1,6})([.)])(?=\s|$))")]
    private static partial Regex BlockStart();

    // A line of only '=' or '-' under text makes it a heading (setext); '---' alone is a rule.
    [GeneratedRegex(@"^(=+|-+)\s*$")]
    private static partial Regex UnderlineOrRule();

    /// <summary>
    /// Escapes a plain text, line by line (leading spaces dropped: four would make a code block). '&amp;' is escaped
    /// too, so "&amp;copy;" stays as typed, except in text whose HTML entities are decoded afterwards.
    /// </summary>
    public static string Escape(string text, bool entitiesDecodedLater = false) =>
        string.Join('\n', text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l =>
        {
            // Between tags the spaces are kept (" word" after </b>); a plain line loses them. Either way the block
            // check looks past them, since the HTML-to-Markdown step trims lines.
            var rest = l.TrimStart();
            return (entitiesDecodedLater ? l[..(l.Length - rest.Length)] : "") + EscapeLine(rest, !entitiesDecodedLater);
        }));

    /// <summary>
    /// Escapes the text between HTML tags (Moodle and HTML formats) and leaves the tags for the HTML-to-Markdown step.
    /// Each text run is treated as a possible line start, since a &lt;p&gt; or &lt;br&gt; before it becomes one.
    /// </summary>
    public static string EscapeOutsideTags(string html, Regex tag)
    {
        var result = new StringBuilder(html.Length + 16);
        var last = 0;
        foreach (Match m in tag.Matches(html))
        {
            result.Append(Escape(html[last..m.Index], entitiesDecodedLater: true)).Append(m.Value);
            last = m.Index + m.Length;
        }
        return result.Append(Escape(html[last..], entitiesDecodedLater: true)).ToString();
    }

    private static string EscapeLine(string line, bool ampersand)
    {
        var escaped = new StringBuilder(line.Length + 8);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            // "==mark==" and "++inserted++" are emphasis extras; one '=' or '+' is plain.
            var doubled = (c is '=' or '+') && ((i + 1 < line.Length && line[i + 1] == c) || (i > 0 && line[i - 1] == c));
            if (Inline.Contains(c) || doubled || (ampersand && c == '&'))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        var text = escaped.ToString();
        if (UnderlineOrRule().IsMatch(line) && !text.StartsWith('\\'))
        {
            return "\\" + text;
        }
        var block = BlockStart().Match(text);
        if (!block.Success)
        {
            return text;
        }
        // Backslash before the list marker's punctuation ("1990\."), or before the line's first character ("\#").
        var at = block.Groups[1].Success ? block.Groups[1].Index : 0;
        return text.Insert(at, "\\");
    }
}
