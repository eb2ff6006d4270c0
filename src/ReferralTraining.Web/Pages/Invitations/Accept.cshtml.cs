using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Pages.Invitations;

/// <summary>Opening an invitation link: accept into the signed-in account, or sign in / register first and come back.</summary>
[ReferralTraining.Web.Infrastructure.Security.TokenInUrl]
public sealed class AcceptModel(OrganizationService organizations, SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public string? OrganizationName { get; private set; }
    public string? InvitedEmail { get; private set; }
    public string? Problem { get; private set; }
    public string ReturnUrl => $"/invitations/accept?token={Uri.EscapeDataString(Token ?? "")}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (invitation, name, problem) = await organizations.LookupAsync(Token, ct);
        OrganizationName = name;
        InvitedEmail = invitation?.Email;
        Problem = problem;
        if (problem is not null)
        {
            Response.StatusCode = invitation is null ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Redirect($"/accounts/login?ReturnUrl={Uri.EscapeDataString(ReturnUrl)}");
        }
        var result = await organizations.AcceptAsync(Token, User.UserId(), ct);
        if (!result.Ok)
        {
            await OnGetAsync(ct);
            Problem = result.Error;
            Response.StatusCode = result.Field == "WrongAccount" ? StatusCodes.Status403Forbidden : StatusCodes.Status410Gone;
            return Page();
        }
        // Joining may have added a role (director) that needs two-step sign-in: refresh the cookie now, so the new role
        // and its two-step requirement apply from the next request instead of at the next timed session check.
        if (await users.GetUserAsync(User) is { } me)
        {
            await signIn.RefreshSignInAsync(me);
        }
        TempData["Status"] = "You joined the organization.";
        return Redirect("/organizations");
    }
}
