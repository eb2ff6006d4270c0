using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

[Authorize]
public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountService accounts) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(256, MinimumLength = 12, ErrorMessage = "Use at least 12 characters for your password.")]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type your new password again.")]
        [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords do not match.")]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Input.CurrentPassword" : "Input.NewPassword",
                    error.Code == "PasswordMismatch" ? "Your current password is not correct." : error.Description);
            }
            return Page();
        }
        // Every session of the account ends now, this one included (a copy of this browser's old cookie must not work
        // either); this browser gets a new session, keeping how the person authenticated (amr, e.g. two-step).
        var persistent = (await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Properties?.IsPersistent ?? false;
        var amr = User.FindAll("amr").Select(c => new System.Security.Claims.Claim(c.Type, c.Value)).ToList();
        // The password has changed: the other sessions end with it even if this request is going away.
        await accounts.EndSessionsAsync(user.Id, "after a password change", null, CancellationToken.None);
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = persistent }, amr);
        TempData["Status"] = "Your password has been changed.";
        return RedirectToPage("/Accounts/Profile");
    }
}
