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

        var document = Markdown.Parse(withCitations, Pipeline);
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

        var html = Sanitizer.Sanitize(document.ToHtml(Pipeline));
        var words = CountWords(markdown);
        return new Rendered(html, cited, words);
    }

    /// <summary>Words a reader reads: the Markdown body without markup characters.</summary>
    public static int CountWords(string markdown) =>
        markdown.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Count(token => token.Any(char.IsLetterOrDigit));

    public string RenderInline(string markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

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
