using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Accounts;

[ReferralTraining.Web.Infrastructure.Security.TokenInUrl]
public sealed class ConfirmEmailModel(UserManager<AppUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(Guid? userId, string? code)
    {
        if (userId is null || string.IsNullOrEmpty(code))
        {
            return;
        }
        var user = await users.FindByIdAsync(userId.Value.ToString());
        if (user is null)
        {
            return;
        }
        Confirmed = user.EmailConfirmed || (await users.ConfirmEmailAsync(user, code)).Succeeded;
    }
}
