using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

[EnableRateLimiting(AccountsExtensions.PublicFormsRateLimit)]
[ReferralTraining.Web.Infrastructure.Security.TokenInUrl]
public sealed class ResetPasswordModel(UserManager<AppUser> users, UserSessions sessions) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required]
        public string Email { get; set; } = "";

        [Required]
        public string Code { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(256, MinimumLength = 12, ErrorMessage = "Use at least 12 characters for your password.")]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your new password again.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public IActionResult OnGet(string? email, string? code)
    {
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(code))
        {
            return RedirectToPage("/Accounts/ForgotPassword");
        }
        Input = new InputModel { Email = email, Code = code };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(Input.Email);
        // A disabled account stays disabled: its link (sent before it was disabled) is refused like any stale link.
        var result = user is null || AccountService.IsDisabled(user)
            ? IdentityResult.Failed(new IdentityError { Code = "InvalidToken" })
            : await users.ResetPasswordAsync(user, Input.Code, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "InvalidToken" ? "" : "Input.Password",
                    error.Code == "InvalidToken" ? "This reset link is not valid any more. Ask for a new one." : error.Description);
            }
            return Page();
        }
        if (user is not null)
        {
            // A successful reset ends a temporary lockout (the person has proved control of the mailbox); the
            // disabled mark cannot be cleared this way (AuditingUserManager refuses it).
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            // Whoever held a session before the reset (perhaps the reason for it) is signed out now.
            await sessions.EndAllAsync(user.Id, null, CancellationToken.None); // the password is reset: this must follow it
        }
        TempData["Status"] = "Your password has been changed. Sign in with the new password.";
        return RedirectToPage("/Accounts/Login");
    }
}
