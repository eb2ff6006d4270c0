using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): the security audit log, newest first, filtered by account and kind.</summary>
public sealed class SecurityEventsModel(AppDbContext db) : PageModel
{
    public const int PageSize = 200;

    public sealed record Row(DateTimeOffset At, SecurityEventKind Kind, string? Email, string? Actor, string? IpAddress, string? Detail);

    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public SecurityEventKind? Kind { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Kind is { } k && !Enum.IsDefined(k))
        {
            ModelState.AddModelError(nameof(Kind), "Choose an event kind from the list.");
            Kind = null;
        }
        var query = db.Set<SecurityEvent>().AsNoTracking();
        var email = Email?.Trim();
        if (!string.IsNullOrEmpty(email))
        {
            if (email.Length > 256)
            {
                ModelState.AddModelError(nameof(Email), "Enter an e-mail address of 256 characters or fewer.");
                return Page();
            }
            // The account's events (by id) plus attempts typed with this address (failed sign-ins of unknown accounts).
            var normalized = email.ToUpperInvariant();
            var userId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            query = query.Where(e => e.Email == email || (userId != null && e.UserId == userId));
        }
        if (Kind is { } kind)
        {
            query = query.Where(e => e.Kind == kind);
        }
        Rows = await query.OrderByDescending(e => e.Id).Take(PageSize)
            .Select(e => new Row(e.At, e.Kind, e.Email, db.Users.Where(u => u.Id == e.ActorUserId).Select(u => u.Email).FirstOrDefault(), e.IpAddress, e.Detail))
            .ToListAsync(ct);
        return Page();
    }
}
