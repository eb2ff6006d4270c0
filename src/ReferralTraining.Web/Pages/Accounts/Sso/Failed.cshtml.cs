using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ReferralTraining.Web.Pages.Accounts.Sso;

/// <summary>Any failure of the provider round trip (state, nonce, token checks, the provider's own error): one plain explanation.</summary>
public sealed class FailedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status400BadRequest;
}
