using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Pages.Accounts;

/// <summary>
/// The person's signed-in browsers (ASVS 7.5.2): end any one of them (a lost phone, a shared computer left signed in)
/// or all but this one.
/// </summary>
[Authorize]
public sealed class SessionsModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountService accounts, UserSessions sessions, SecurityAuditLog audit, AppDbContext db) : PageModel
{
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];
    /// <summary>Times are shown in the person's own zone, with the zone named (ux.md).</summary>
    public string TimeZoneId { get; private set; } = "UTC";
    public string? Problem { get; private set; }

    /// <summary>Set when signing out everywhere else waits for confirmation: the page shows only that step.</summary>
    public ConfirmStep? Confirm { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.UserId();
        TimeZoneId = await db.Users.Where(u => u.Id == me).Select(u => u.TimeZoneId).SingleAsync(ct);
        Sessions = await sessions.ListAsync(me, UserSessions.Current(HttpContext), ct);
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, CancellationToken ct)
    {
        var me = User.UserId();
        if (id == UserSessions.Current(HttpContext))
        {
            Problem = "That is this browser: use “Sign out” at the top of the page.";
        }
        else if (!await sessions.EndAsync(me, id, ct))
        {
            Problem = "That session has already ended.";
        }
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync(ct);
            return Page();
        }
        await audit.RecordAsync(SecurityEventKind.SessionsEnded, me, User.Identity?.Name, $"one session ({id}), by the person");
        TempData["Status"] = "That session is signed out within a minute.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostOthersAsync(bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            // Ends every other session at once, on devices the person may not have at hand: ask first (issue 20).
            Confirm = new ConfirmStep("Sign out on every other device?",
                "Every browser and device signed in to your account, except this one, is signed out within a minute.",
                "Sessions you end cannot be restored: anything not yet saved in a page open there is lost, and you sign in again on each device (with your second step, if you use one).",
                "Sign out everywhere else", "/accounts/sessions?handler=Others", "/accounts/sessions", []);
            return Page();
        }
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await accounts.EndSessionsAsync(user.Id, "by the person, keeping this one", keep: UserSessions.Current(HttpContext), ct);
        // The new stamp ends the others; this browser gets a fresh cookie carrying it (and its amr).
        await signIn.RefreshSignInAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        TempData["Status"] = "You are signed out on every other device and browser (within a minute).";
        return RedirectToPage();
    }
}
