using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages.Unsubscribe;

/// <summary>
/// RFC 8058 one-click unsubscribe from follow-up nudges. Mail clients POST "List-Unsubscribe=One-Click" with no
/// cookies, so the POST takes no antiforgery token: the unguessable protected token is the authority, and all it
/// can do is turn nudges off. A GET only shows a button (link scanners must not unsubscribe anyone).
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(AccountsExtensions.PublicFormsRateLimit)]
[ReferralTraining.Web.Infrastructure.Security.TokenInUrl]
public sealed class NudgesModel(NudgePreferences preferences) : PageModel
{
    public bool Valid { get; private set; }
    public bool Done { get; private set; }

    public IActionResult OnGet(string token)
    {
        Valid = preferences.ReadUnsubscribeToken(token) is not null;
        return Valid ? Page() : NotFoundPage();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        Valid = await preferences.UnsubscribeAsync(token, ct);
        Done = Valid;
        return Valid ? Page() : NotFoundPage();
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
