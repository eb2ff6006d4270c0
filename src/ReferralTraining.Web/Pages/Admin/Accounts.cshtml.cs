using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): find an account, see its roles and two-step status, disable or re-enable it.</summary>
public sealed class AccountsModel(AppDbContext db, AccountService accounts) : PageModel
{
    public sealed record Row(Guid Id, string Email, string Name, IReadOnlyList<string> Roles, bool TwoFactor, bool Disabled, bool Locked);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public Guid UserId { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostDisableAsync() => ChangeAsync(disable: true);

    public Task<IActionResult> OnPostEnableAsync() => ChangeAsync(disable: false);

    public async Task<IActionResult> OnPostResetTwoFactorAsync()
    {
        var actor = User.UserId();
        return await DoneAsync(await accounts.ResetTwoFactorAsync(UserId, actor, Reason),
            "Two-step sign-in reset. The person sets it up again at their next sign-in; their sessions end within a minute.");
    }

    public async Task<IActionResult> OnPostEndSessionsAsync()
    {
        var why = Reason?.Trim() ?? "";
        if (why.Length is < 5 or > 300)
        {
            return await DoneAsync([new FieldError("Reason", "Give a reason of 5 to 300 characters; it is kept in the security log.")], "");
        }
        await accounts.EndSessionsAsync(UserId, "by an admin: " + why);
        return await DoneAsync([], "Every session of this account ends within a minute.");
    }

    private async Task<IActionResult> ChangeAsync(bool disable)
    {
        var actor = User.UserId();
        var errors = disable ? await accounts.DisableAsync(UserId, actor, Reason) : await accounts.EnableAsync(UserId, Reason);
        return await DoneAsync(errors, disable ? "Account disabled. Its sessions end within a minute and its API keys stop working." : "Account enabled.");
    }

    private async Task<IActionResult> DoneAsync(IReadOnlyList<FieldError> errors, string status)
    {
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError($"Reason-{UserId}", e.Message);
            }
            await LoadAsync();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = status;
        return Redirect($"/admin/accounts?q={Uri.EscapeDataString(Q ?? "")}");
    }

    public string? ErrorFor(Guid id) => ModelState.TryGetValue($"Reason-{id}", out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    private async Task LoadAsync()
    {
        var q = Q?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(q) || q.Length < 3)
        {
            Rows = [];
            return;
        }
        var now = DateTimeOffset.UtcNow;
        var found = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail!.Contains(q))
            .OrderBy(u => u.NormalizedEmail).Take(50)
            .Select(u => new
            {
                u.Id, u.Email, u.GivenName, u.FamilyName, u.TwoFactorEnabled, u.LockoutEnd,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            })
            .ToListAsync();
        Rows = found.Select(u => new Row(u.Id, u.Email ?? "", $"{u.GivenName} {u.FamilyName}", u.Roles, u.TwoFactorEnabled,
            u.LockoutEnd is { } end && end > now.AddYears(100), u.LockoutEnd is { } until && until > now)).ToList();
    }
}
