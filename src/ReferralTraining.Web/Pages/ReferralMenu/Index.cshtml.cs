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
    public IReadOnlyList<MutualHelpGroup> Meetings { get; private set; } = [];
    public IReadOnlyList<MutualHelpGroup> Housing { get; private set; } = [];

    /// <summary>For a young person: groups that fit the other choices but are adults-only or not made for young people.</summary>
    public IReadOnlyList<MutualHelpGroup> NotForYoungPerson { get; private set; } = [];

    public int Count => Meetings.Count + Housing.Count;
    public bool Available => menu.Content is not null;
    public string? Problem { get; private set; }

    public IActionResult OnGet()
    {
        Filter = new MenuFilter(Empty(Person), Empty(Approach), Empty(Goal), Empty(Substance), Empty(Format));
        if (!Filter.IsValid)
        {
            Problem = "One of the choices is not recognized. Showing every group instead.";
            Filter = new MenuFilter(null, null, null, null, null);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        var groups = menu.Content?.Groups ?? [];
        var matches = Filter.Apply(groups);
        Meetings = matches.Where(g => !g.Housing).ToList();
        Housing = matches.Where(g => g.Housing).ToList();
        NotForYoungPerson = Filter.NotForYoungPerson(groups);
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
