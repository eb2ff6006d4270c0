using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>A person's nudge e-mail preference: on unless they turn it off (preferences page or one-click link).</summary>
public sealed class NudgePreferences(AppDbContext db, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public async Task<bool> EmailNudgesAsync(Guid userId, CancellationToken ct) =>
        await db.Set<NudgePreference>().Where(p => p.UserId == userId).Select(p => (bool?)p.EmailNudges).SingleOrDefaultAsync(ct) ?? true;

    public async Task SetAsync(Guid userId, bool emailNudges, string via, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Upsert: a double click or two tabs never fail on the primary key.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO nudge_preferences ("UserId", "EmailNudges", "UpdatedAt", "UpdatedVia") VALUES ({userId}, {emailNudges}, {now}, {via})
            ON CONFLICT ("UserId") DO UPDATE SET "EmailNudges" = EXCLUDED."EmailNudges", "UpdatedAt" = EXCLUDED."UpdatedAt", "UpdatedVia" = EXCLUDED."UpdatedVia"
            """, ct);
    }

    public Guid? ReadUnsubscribeToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            var payload = dataProtection.CreateProtector(FollowUpJob.UnsubscribePurpose).Unprotect(token);
            return Guid.TryParseExact(payload, "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken ct)
    {
        if (ReadUnsubscribeToken(token) is not { } userId || !await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return false;
        }
        await SetAsync(userId, false, "one-click unsubscribe", ct);
        return true;
    }
}
