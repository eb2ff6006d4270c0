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
public sealed class IndexModel(AppDbContext db, NotificationService notifications) : PageModel
{
    public IReadOnlyList<Notification> Items { get; private set; } = [];
    public string TimeZoneId { get; private set; } = "UTC";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        TimeZoneId = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZoneId).SingleAsync(ct);
        Items = await notifications.RecentAsync(userId, 100, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(User.UserId(), ct);
        return Redirect("/notifications");
    }
}
