using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// The one Markdown pipeline for author content. Raw HTML is disabled (shown as text) and the output
/// is sanitized as well, so a slip in an extension can never put script into a page.
/// </summary>
public sealed partial class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    [GeneratedRegex(@"\[(@[A-Za-z0-9][A-Za-z0-9_-]*(?:\s*;\s*@[A-Za-z0-9][A-Za-z0-9_-]*)*)\]")]
    private static partial Regex CitationPattern();

    [GeneratedRegex(@"^(\d{2}-[a-z0-9-]+\.md)(#[A-Za-z0-9_-]+)?$")]
    private static partial Regex ModuleLinkPattern();

    /// <summary>Reported instead of crashing when Markdig's nesting limit is hit.</summary>
    public const string TooDeep = "The Markdown is nested too deeply (quotes, lists, links or emphasis inside one another); simplify it.";

    public sealed record Rendered(string Html, IReadOnlyList<string> CitedReferenceIds, int WordCount);

    /// <param name="moduleUrls">Module file name → URL of that module's page.</param>
    /// <param name="lineOffset">Lines before the Markdown body in the file (front matter), for error lines.</param>
    public Rendered Render(
        string markdown, string file, int lineOffset,
        IReadOnlyDictionary<string, Reference> references,
        IReadOnlyDictionary<string, string> moduleUrls,
        List<ContentError> errors)
    {
        var cited = new List<string>();
        // Citations become links to the reference list before Markdig sees the text.
        var withCitations = CitationPattern().Replace(markdown, match =>
        {
            var line = lineOffset + 1 + markdown.AsSpan(0, match.Index).Count('\n');
            var parts = new List<string>();
            foreach (var raw in match.Groups[1].Value.Split(';'))
            {
                var id = raw.Trim().TrimStart('@');
                if (!references.TryGetValue(id, out var reference))
                {
                    errors.Add(new ContentError(file, line, $"Citation [@{id}] does not match any reference id in course.md."));
                    parts.Add(id);
                    continue;
                }
                if (!cited.Contains(id))
                {
                    cited.Add(id);
                }
                parts.Add($"[{EscapeLinkText(reference.Short)}](#ref-{id})");
            }
            return "(" + string.Join("; ", parts) + ")";
        });

        string html;
        try
        {
            var document = Markdown.Parse(withCitations, Pipeline);
            CheckLinks(document, file, lineOffset, moduleUrls, errors);
            html = Sanitizer.Sanitize(document.ToHtml(Pipeline));
        }
        catch (ArgumentException)
        {
            // Markdig throws on input nested beyond its depth limit; for an author that is a content error, not a crash.
            errors.Add(new ContentError(file, lineOffset + 1, TooDeep));
            html = "";
        }
        var words = CountWords(markdown);
        return new Rendered(html, cited, words);
    }

    private static void CheckLinks(MarkdownDocument document, string file, int lineOffset, IReadOnlyDictionary<string, string> moduleUrls, List<ContentError> errors)
    {
        foreach (var link in document.Descendants<LinkInline>())
        {
            var url = link.Url ?? "";
            var line = lineOffset + link.Line + 1;
            if (url.StartsWith('#') || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var moduleLink = ModuleLinkPattern().Match(url);
            if (moduleLink.Success && moduleUrls.TryGetValue(moduleLink.Groups[1].Value, out var target))
            {
                link.Url = target + moduleLink.Groups[2].Value;
                continue;
            }
            errors.Add(new ContentError(file, line, moduleLink.Success
                ? $"Link to '{url}' does not name a module of this course."
                : $"Link '{url}' is not allowed: use https:// links, #anchors, or a module file name such as 02-the-evidence.md."));
        }
    }

    /// <summary>Words a reader reads: the Markdown body without markup characters.</summary>
    public static int CountWords(string markdown) =>
        markdown.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Count(token => token.Any(char.IsLetterOrDigit));

    public string RenderInline(string markdown)
    {
        try
        {
            return Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));
        }
        catch (ArgumentException)
        {
            return System.Net.WebUtility.HtmlEncode(markdown);
        }
    }

    private static string EscapeLinkText(string text) => text.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        return sanitizer;
    }
}
