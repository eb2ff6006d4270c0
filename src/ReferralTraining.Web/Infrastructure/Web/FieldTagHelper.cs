using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ReferralTraining.Web.Infrastructure.Web;

/// <summary>
/// One accessible form field: label, optional hint, the error tied to the input with aria-describedby
/// and aria-invalid, and the value the person typed. Every form uses it so every field behaves alike.
/// </summary>
[HtmlTargetElement("rt-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = default!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public string Type { get; set; } = "text";
    public string? Label { get; set; }
    public string? Hint { get; set; }
    public string? Autocomplete { get; set; }
    public bool Required { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var label = Label ?? For.Metadata.DisplayName ?? For.Metadata.PropertyName ?? name;
        var errors = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
        var attempted = entry?.AttemptedValue;
        var value = Type == "password" ? "" : attempted ?? For.Model?.ToString() ?? "";

        var describedBy = new List<string>();
        var html = new StringBuilder();
        html.Append($"<label for=\"{id}\">{E(label)}{(Required ? "" : " <span class=\"optional\">(optional)</span>")}</label>");
        if (Hint is not null)
        {
            html.Append($"<p class=\"hint\" id=\"{id}-hint\">{E(Hint)}</p>");
            describedBy.Add($"{id}-hint");
        }
        if (errors.Count > 0)
        {
            html.Append($"<p class=\"field-error\" id=\"{id}-error\"><span class=\"visually-hidden\">Error: </span>{E(string.Join(" ", errors))}</p>");
            describedBy.Add($"{id}-error");
        }
        html.Append($"<input id=\"{id}\" name=\"{E(name)}\" type=\"{E(Type)}\" value=\"{E(value)}\"");
        if (Autocomplete is not null)
        {
            html.Append($" autocomplete=\"{E(Autocomplete)}\"");
        }
        if (Required)
        {
            html.Append(" required aria-required=\"true\"");
        }
        if (describedBy.Count > 0)
        {
            html.Append($" aria-describedby=\"{string.Join(' ', describedBy)}\"");
        }
        if (errors.Count > 0)
        {
            html.Append(" aria-invalid=\"true\"");
        }
        html.Append('>');

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", errors.Count > 0 ? "field has-error" : "field");
        output.Content.SetHtmlContent(html.ToString());
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
