using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Pages.Notifications;

/// <summary>The signed-in person's in-app notifications (every reminder e-mail is listed here too).</summary>
[Authorize]
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Notification> Items { get; private set; } = [];
    public string TimeZoneId { get; private set; } = "UTC";

    public async Task OnGetAsync()
    {
        var userId = User.UserId();
        TimeZoneId = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZoneId).SingleAsync();
        Items = await db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.CreatedAt).Take(100).ToListAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var userId = User.UserId();
        await db.Set<Notification>().Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()));
        return Redirect("/notifications");
    }
}
