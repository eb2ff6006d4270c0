using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

/// <summary>Signs the person out everywhere except here (a lost phone, a shared computer left signed in).</summary>
[Authorize]
public sealed class SessionsModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountService accounts) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await accounts.EndSessionsAsync(user.Id, "by the person, keeping this one");
        // The new stamp ends the others; this browser gets a fresh cookie carrying it (and its amr).
        await signIn.RefreshSignInAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        TempData["Status"] = "You are signed out on every other device and browser (within a minute).";
        return RedirectToPage("/Accounts/Profile");
    }
}
