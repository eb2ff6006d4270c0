using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages.Accounts;

/// <summary>E-mail preferences: optional mail (follow-up nudges) only; account mail cannot be turned off.</summary>
[Authorize]
public sealed class PreferencesModel(NudgePreferences preferences) : PageModel
{
    [BindProperty] public bool EmailNudges { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => EmailNudges = await preferences.EmailNudgesAsync(UserId, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await preferences.SetAsync(UserId, EmailNudges, "preferences page", ct);
        TempData["Status"] = EmailNudges ? "Follow-up e-mails are on." : "Follow-up e-mails are off. Your follow-ups stay on your home page.";
        return Redirect("/accounts/preferences");
    }

    private Guid UserId => User.UserId();
}
