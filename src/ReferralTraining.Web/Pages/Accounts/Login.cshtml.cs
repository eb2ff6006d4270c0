using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.Web.Pages.Accounts;

[EnableRateLimiting(AccountsExtensions.SignInPageRateLimit)]
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, SignInThrottle throttle, SecurityAuditLog audit,
    SsoDirectory ssoDirectory, SsoSignIn sso) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Set when the address belongs to an organization with single sign-on: the page continues there.</summary>
    public string? SsoContinueUrl { get; private set; }

    public const string FailedMessage =
        "The e-mail address or password is not correct, or sign-in to this account is paused. After several failed attempts sign-in pauses for 15 minutes and the account's owner is told by e-mail.";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org.")]
        [Display(Name = "E-mail address")]
        public string Email { get; set; } = "";

        // Not needed for an address of an organization with single sign-on (checked in the handler).
        [Display(Name = "Password")]
        public string? Password { get; set; }

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }

    /// <summary>Set when the sign-in was not admitted: the page says why and how long to wait (the e-mail stays filled in).</summary>
    public SignInAdmission? NotAdmitted { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
        // Home-realm discovery (before the password line: no password is checked here): an address of a domain an
        // organization registered goes to that organization's provider.
        if (await ssoDirectory.FindForEmailAsync(Input.Email, ct) is { } connection)
        {
            var start = await sso.StartAsync(connection.OrganizationId, returnUrl, Input.Email.Trim(), retried: false, ct);
            if (start.Problem is not null)
            {
                ModelState.AddModelError("", start.Problem);
                return Page();
            }
            // Not a redirect to the provider: browsers hold a form's redirects to this page's CSP form-action ('self').
            // The page moves on by itself (meta refresh, not a form) to our start page, which redirects there.
            SsoContinueUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/accounts/sso/start", new Dictionary<string, string?>
            {
                ["organization"] = connection.OrganizationId.ToString("N"),
                ["returnUrl"] = returnUrl,
                ["hint"] = Input.Email.Trim(),
            });
            return Page();
        }
        if (string.IsNullOrEmpty(Input.Password))
        {
            ModelState.AddModelError("Input.Password", "Enter your password.");
            return Page();
        }
        var address = HttpContext.Connection.RemoteIpAddress;
        using var admission = await throttle.AdmitAsync(address, ct);
        if (!admission.IsAdmitted)
        {
            NotAdmitted = admission;
            Response.StatusCode = admission.Refusal == SignInRefusal.TooManyFailures ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            audit.Refused(admission.Refusal == SignInRefusal.TooManyFailures ? "sign-in failures from one address" : "sign-in line full");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            throttle.RecordFailure(address);
        }
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Accounts/TwoFactor", new { ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/", Input.RememberMe });
        }
        if (result.IsNotAllowed && !result.IsLockedOut)
        {
            // Only someone who knows the password learns that the address is not confirmed yet.
            var user = await users.FindByEmailAsync(Input.Email.Trim());
            if (user is not null && !user.EmailConfirmed && await users.CheckPasswordAsync(user, Input.Password))
            {
                ModelState.AddModelError("", "Confirm your e-mail address first: open the link we sent you, or ask for a new one below.");
                return Page();
            }
        }
        // One message for an unknown address, a wrong password, a locked and a disabled account (no enumeration,
        // ASVS 6.3.8); the owner of a locked account is told by e-mail.
        ModelState.AddModelError("Input.Password", FailedMessage);
        return Page();
    }
}
