using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.Web.Pages.Accounts.Sso;

/// <summary>
/// Sends the person to their organization's provider: after the sign-in page found their domain (it cannot redirect
/// there itself, see LoginModel), or to start over once after a key rotation.
/// </summary>
[EnableRateLimiting(AccountsExtensions.PublicFormsRateLimit)]
public sealed class StartModel(SsoSignIn sso) : PageModel
{
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? organization, string? returnUrl, string? retry, string? hint)
    {
        if (!Guid.TryParseExact(organization, "N", out var organizationId))
        {
            return NotFound();
        }
        var start = await sso.StartAsync(organizationId, SsoSignIn.LocalOrHome(returnUrl), hint, retry == "1", HttpContext.RequestAborted);
        if (start.Problem is not null)
        {
            Problem = start.Problem;
            Response.StatusCode = start.Problem == SsoSignIn.ProviderDownMessage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Page();
        }
        return Challenge(start.Properties!, start.Scheme!);
    }
}
