using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

/// <summary>
/// Enrollment in two-step sign-in: required for admins, directors and credentialing bodies (the gate sends them
/// here), optional for clinicians. Shows the key as text and as a QR code, checks one code, then shows
/// recovery codes once.
/// </summary>
[Authorize]
[EnableRateLimiting(AccountsExtensions.TwoFactorRateLimit)]
public sealed class TwoFactorSetupModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public const string Issuer = "ReferralTraining";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string Key { get; private set; } = "";
    public string QrSvg { get; private set; } = "";
    public bool Required { get; private set; }
    public bool AlreadyEnabled { get; private set; }
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code your authenticator app shows.")]
        [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "Enter the 6 digits your authenticator app shows, like 123456.")]
        [Display(Name = "Code from your app")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            // Re-enrolling would be a way to swap the factor with only a password: not offered here.
            return RedirectToPage("/Accounts/Profile");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code", "That code is not right. Check that your phone's clock is set automatically, wait for a new code and enter it.");
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        // The person just proved the second factor: re-issue the session with amr=mfa (and the new security stamp).
        var current = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await signIn.SignInWithClaimsAsync(user, current.Properties?.IsPersistent ?? false, [new Claim("amr", "mfa")]);
        AlreadyEnabled = true;
        return Page();
    }

    private async Task LoadAsync(AppUser user)
    {
        Required = TwoFactorRules.IsPrivileged(User);
        AlreadyEnabled = await users.GetTwoFactorEnabledAsync(user);
        if (AlreadyEnabled)
        {
            return;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // Resetting the key changes the security stamp: re-issue this session, or it would end mid-enrollment.
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        Key = key!;
        QrSvg = Totp.QrSvg(Totp.Uri(Issuer, user.Email!, Key), "QR code to add ReferralTraining to your authenticator app");
    }

    /// <summary>The key in groups of four, easier to type.</summary>
    public string FormattedKey => string.Join(' ', Key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
}
