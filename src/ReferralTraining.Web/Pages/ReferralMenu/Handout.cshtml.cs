using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.ReferralMenu;

namespace ReferralTraining.Web.Pages.ReferralMenu;

/// <summary>A printable patient handout of the filtered groups, in plain English or Spanish.</summary>
public sealed class HandoutModel(ReferralMenuProvider menu) : PageModel
{
    public bool Spanish { get; private set; }
    public bool ForYoungPerson { get; private set; }
    public IReadOnlyList<MutualHelpGroup> Meetings { get; private set; } = [];
    public IReadOnlyList<MutualHelpGroup> Housing { get; private set; } = [];

    public IActionResult OnGet(string? person, string? approach, string? goal, string? substance, string? format, string? lang)
    {
        var filter = new MenuFilter(Empty(person), Empty(approach), Empty(goal), Empty(substance), Empty(format));
        if (!filter.IsValid || lang is not (null or "en" or "es") || menu.Content is null)
        {
            return BadRequest();
        }
        Spanish = lang == "es";
        ForYoungPerson = filter.ForYoungPerson;
        // A young person's handout lists only options open to young people (Filter.Apply leaves out the rest).
        var groups = filter.Apply(menu.Content.Groups);
        Meetings = groups.Where(g => !g.Housing).ToList();
        Housing = groups.Where(g => g.Housing).ToList();
        return Page();
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
