using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.Web.Pages.Accounts.Sso;

/// <summary>
/// An account with the provider's address already exists: it is linked only after its owner proves it, with its password
/// or a link mailed to the address (never by the address alone).
/// </summary>
[EnableRateLimiting(AccountsExtensions.PublicFormsRateLimit)]
public sealed class LinkModel(SsoSignIn sso) : PageModel
{
    public string? Email { get; private set; }
    public bool Mailed { get; private set; }

    [BindProperty]
    [Display(Name = "Password of your existing account")]
    public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Email = await sso.PendingLinkEmailAsync(HttpContext, HttpContext.RequestAborted);
        return Email is null ? RedirectToPage("/Accounts/Login") : Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        Email = await sso.PendingLinkEmailAsync(HttpContext, HttpContext.RequestAborted);
        if (Email is null)
        {
            return RedirectToPage("/Accounts/Login");
        }
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter the password of your existing account.");
            return Page();
        }
        var outcome = await sso.LinkWithPasswordAsync(HttpContext, Password, HttpContext.RequestAborted);
        switch (outcome?.Kind)
        {
            case null:
                ModelState.AddModelError(nameof(Password), "That password is not correct, or sign-in to this account is paused. You can ask for a link by e-mail instead.");
                return Page();
            case SsoOutcomeKind.SignedIn:
                return LocalRedirect(outcome.ReturnUrl);
            case SsoOutcomeKind.TwoFactorRequired:
                return RedirectToPage("/Accounts/TwoFactor", new { ReturnUrl = outcome.ReturnUrl });
            default:
                ModelState.AddModelError("", outcome.Message ?? "Please sign in again.");
                return Page();
        }
    }

    public async Task<IActionResult> OnPostMailAsync()
    {
        Email = await sso.PendingLinkEmailAsync(HttpContext, HttpContext.RequestAborted);
        if (Email is null || !await sso.MailLinkAsync(HttpContext, HttpContext.RequestAborted))
        {
            return RedirectToPage("/Accounts/Login");
        }
        Mailed = true;
        return Page();
    }
}
