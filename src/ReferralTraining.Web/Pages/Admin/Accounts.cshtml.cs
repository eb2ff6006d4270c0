using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): find an account, see its roles and two-step status, disable or re-enable it.</summary>
public sealed class AccountsModel(AppDbContext db, AccountService accounts) : PageModel
{
    public sealed record Row(Guid Id, string Email, string Name, IReadOnlyList<string> Roles, bool TwoFactor, bool Disabled, bool Locked);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public Guid UserId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool Confirmed { get; set; }

    /// <summary>Set when disabling or ending sessions waits for confirmation: the page shows only that step.</summary>
    public ConfirmStep? Confirm { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        if (!Confirmed)
        {
            return await ConfirmAsync(AccountService.DisableProblems(UserId, User.UserId(), Reason), "Disable",
                name => ($"Disable the account of {name}?",
                    "They will not be able to sign in, their sessions end within a minute and their API keys stop working. You can enable the account again later.",
                    "The sessions it ends cannot be restored: even after the account is enabled again, the person has to sign in again on every device.",
                    "Disable account"), ct);
        }
        return await ChangeAsync(disable: true, ct);
    }

    public Task<IActionResult> OnPostEnableAsync(CancellationToken ct) => ChangeAsync(disable: false, ct);

    public async Task<IActionResult> OnPostResetTwoFactorAsync(CancellationToken ct)
    {
        var actor = User.UserId();
        return await DoneAsync(await accounts.ResetTwoFactorAsync(UserId, actor, Reason, ct),
            "Two-step sign-in reset. The person sets it up again at their next sign-in; their sessions end within a minute.", ct);
    }

    public async Task<IActionResult> OnPostEndSessionsAsync(CancellationToken ct)
    {
        var problems = AccountService.ReasonProblem(Reason) is { } problem ? new[] { problem } : [];
        if (!Confirmed)
        {
            return await ConfirmAsync(problems, "EndSessions",
                name => ($"End every session of {name}?",
                    "They are signed out on every device within a minute. Their account stays open and they can sign in again.",
                    "Ended sessions cannot be restored: anything not yet saved in an open page is lost, and the person has to sign in again on each device.",
                    "End all sessions"), ct);
        }
        if (problems.Length > 0)
        {
            return await DoneAsync(problems, "", ct);
        }
        await accounts.EndSessionsAsync(UserId, "by an admin: " + Reason!.Trim(), null, ct);
        return await DoneAsync([], "Every session of this account ends within a minute.", ct);
    }

    // The first POST of a destructive change: shows its errors as before, or asks for confirmation; it never acts.
    private async Task<IActionResult> ConfirmAsync(IReadOnlyList<FieldError> problems, string handler,
        Func<string, (string Title, string What, string CannotUndo, string Label)> describe, CancellationToken ct)
    {
        var person = await db.Users.AsNoTracking().Where(u => u.Id == UserId)
            .Select(u => new { u.GivenName, u.FamilyName, u.Email }).SingleOrDefaultAsync(ct);
        if (problems.Count > 0 || person is null)
        {
            return await DoneAsync(problems.Count > 0 ? problems : [new FieldError("", "That account no longer exists.")], "", ct);
        }
        var (title, what, cannotUndo, label) = describe($"{person.GivenName} {person.FamilyName} ({person.Email})");
        var back = $"/admin/accounts?q={Uri.EscapeDataString(Q ?? "")}";
        Confirm = new ConfirmStep(title, what, cannotUndo, label, $"/admin/accounts?handler={handler}", back,
            [new("UserId", UserId.ToString()), new("Q", Q ?? ""), new("Reason", Reason!.Trim())]);
        return Page();
    }

    private async Task<IActionResult> ChangeAsync(bool disable, CancellationToken ct)
    {
        var actor = User.UserId();
        var errors = disable ? await accounts.DisableAsync(UserId, actor, Reason, ct) : await accounts.EnableAsync(UserId, Reason, ct);
        return await DoneAsync(errors, disable ? "Account disabled. Its sessions end within a minute and its API keys stop working." : "Account enabled.", ct);
    }

    private async Task<IActionResult> DoneAsync(IReadOnlyList<FieldError> errors, string status, CancellationToken ct)
    {
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError($"Reason-{UserId}", e.Message);
            }
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = status;
        return Redirect($"/admin/accounts?q={Uri.EscapeDataString(Q ?? "")}");
    }

    public string? ErrorFor(Guid id) => ModelState.TryGetValue($"Reason-{id}", out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    private async Task LoadAsync(CancellationToken ct)
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
            .ToListAsync(ct);
        Rows = found.Select(u => new Row(u.Id, u.Email ?? "", $"{u.GivenName} {u.FamilyName}", u.Roles, u.TwoFactorEnabled,
            u.LockoutEnd is { } end && end > now.AddYears(100), u.LockoutEnd is { } until && until > now)).ToList();
    }
}
