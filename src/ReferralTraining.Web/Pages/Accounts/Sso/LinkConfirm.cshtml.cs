using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.Web.Pages.Accounts.Sso;

/// <summary>
/// The mailed link: opening it shows a button, and only the button (a POST) links the account, so a mail scanner that
/// follows links links nothing. Then the person signs in through the organization.
/// </summary>
[EnableRateLimiting(AccountsExtensions.PublicFormsRateLimit)]
public sealed class LinkConfirmModel(SsoSignIn sso) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool? Linked { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Linked = await sso.ConfirmMailedLinkAsync(Token, HttpContext.RequestAborted);
        if (Linked == false)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }
}
