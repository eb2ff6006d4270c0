using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

/// <summary>The second sign-in step: a code from the authenticator app, or a one-time recovery code.</summary>
[EnableRateLimiting(AccountsExtensions.TwoFactorRateLimit)]
public sealed class TwoFactorModel(SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app, or a recovery code.")]
        [StringLength(20, ErrorMessage = "Enter the 6-digit code from your authenticator app, or a recovery code like ABCDE-FGH23.")]
        [Display(Name = "Code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Accounts/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            // The first step expired (5 minutes) or never happened.
            TempData["Status"] = "Sign in again: the time for the second step ran out.";
            return RedirectToPage("/Accounts/Login");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        var isTotp = code.Length == 6 && code.All(char.IsAsciiDigit);
        if (!isTotp && !(code.Length is 10 or 11 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            ModelState.AddModelError("Input.Code", "Enter the 6-digit code from your authenticator app, or a recovery code like ABCDE-FGH23.");
            return Page();
        }
        var result = isTotp
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code.ToUpperInvariant());
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", "This account is locked after too many wrong codes. Try again in 15 minutes.");
            return Page();
        }
        ModelState.AddModelError("Input.Code", isTotp
            ? "That code is not right, or it was already used. Wait for the next code in your app and enter it."
            : "That recovery code is not right or was already used.");
        return Page();
    }
}
