using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.ReferralMenu;

namespace ReferralTraining.Web.Pages.ReferralMenu;

/// <summary>The referral menu: filter the directory with a patient's preferences, then print a handout.</summary>
public sealed class IndexModel(ReferralMenuProvider menu) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true)] public string? Approach { get; set; }
    [BindProperty(SupportsGet = true)] public string? Goal { get; set; }
    [BindProperty(SupportsGet = true)] public string? Substance { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public MenuFilter Filter { get; private set; } = new(null, null, null, null, null);
    public IReadOnlyList<MutualHelpGroup> Groups { get; private set; } = [];
    public bool Available => menu.Content is not null;
    public string? Problem { get; private set; }

    public IActionResult OnGet()
    {
        Filter = new MenuFilter(Empty(Person), Empty(Approach), Empty(Goal), Empty(Substance), Empty(Format));
        if (!Filter.IsValid)
        {
            Problem = "One of the choices is not recognised. Showing every group instead.";
            Filter = new MenuFilter(null, null, null, null, null);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Groups = menu.Content?.Groups.Where(Filter.Matches).ToList() ?? [];
        return Page();
    }

    public string HandoutQuery(string lang) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["person"] = Filter.Person, ["approach"] = Filter.Approach, ["goal"] = Filter.Goal,
            ["substance"] = Filter.Substance, ["format"] = Filter.Format, ["lang"] = lang,
        }.Where(kv => kv.Value is not null)).ToString();

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
