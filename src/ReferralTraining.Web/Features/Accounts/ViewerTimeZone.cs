using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// The signed-in reader's time zone, read once per request. Every page shows a moment in its reader's zone by the
/// zone's common name (issue 20: one way to show time), admins' and directors' tables included, never in bare UTC.
/// </summary>
public sealed class ViewerTimeZone(AppDbContext db)
{
    private string? id;

    /// <summary>The reader's IANA zone id; "UTC" for anonymous readers or an unknown zone.</summary>
    public async Task<string> IdAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (id is not null)
        {
            return id;
        }
        var userId = user.TryGetUserId();
        var stored = userId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TimeZoneId).SingleOrDefaultAsync(ct);
        id = TimeZones.IsValid(stored) ? stored! : "UTC";
        return id;
    }
}
