using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.Web.Pages.Accounts.Sso;

/// <summary>Where the provider's handler returns: signs in, asks for the second step, asks to prove an existing account, or explains a refusal.</summary>
public sealed class CompleteModel(SsoSignIn sso) : PageModel
{
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var outcome = await sso.CompleteAsync(HttpContext, HttpContext.RequestAborted);
        switch (outcome.Kind)
        {
            case SsoOutcomeKind.SignedIn:
                return LocalRedirect(outcome.ReturnUrl);
            case SsoOutcomeKind.TwoFactorRequired:
                return RedirectToPage("/Accounts/TwoFactor", new { ReturnUrl = outcome.ReturnUrl });
            case SsoOutcomeKind.LinkRequired:
                return RedirectToPage("/Accounts/Sso/Link");
            default:
                Message = outcome.Message;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
        }
    }
}
