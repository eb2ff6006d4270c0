using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

/// <summary>Sign-out is a POST with an antiforgery token, so a link on another site cannot sign people out.</summary>
public sealed class LogoutModel(SignInManager<AppUser> signIn) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        // Ask the browser to drop cached pages and storage of the session (ASVS 14.3.1); cookies are expired by sign-out.
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        TempData["Status"] = "You are signed out.";
        return Redirect("/");
    }
}
