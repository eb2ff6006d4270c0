using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>
/// The in-app notifications: every job that tells someone something writes here, and the notifications page reads and
/// clears them here. One statement per call, in the caller's transaction when one is open, and independent of anything
/// else the caller's context is tracking.
/// </summary>
public sealed class NotificationService(AppDbContext db, TimeProvider clock)
{
    public const int SubjectLength = 300;
    public const int BodyLength = 4000;

    public async Task SaveAsync(IReadOnlyCollection<NewNotification> items, DateTimeOffset createdAt, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return;
        }
        var ids = items.Select(_ => Guid.NewGuid()).ToArray();
        var users = items.Select(n => n.UserId).ToArray();
        var subjects = items.Select(n => Truncate(n.Subject, SubjectLength)).ToArray();
        var bodies = items.Select(n => Truncate(n.Body, BodyLength)).ToArray();
        var links = items.Select(n => n.Link).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO notifications ("Id", "UserId", "Subject", "Body", "Link", "CreatedAt")
            SELECT i, u, s, b, l, {createdAt} FROM unnest({ids}, {users}, {subjects}, {bodies}, {links}) AS t(i, u, s, b, l)
            """, ct);
    }

    public async Task<IReadOnlyList<Notification>> RecentAsync(Guid userId, int count, CancellationToken ct) =>
        await db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.CreatedAt).Take(count).ToListAsync(ct);

    public Task<int> MarkAllReadAsync(Guid userId, CancellationToken ct) =>
        db.Set<Notification>().Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
