using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

public sealed class UserSessions(AppDbContext db, TimeProvider clock, IOptions<AccountsOptions> options, EndedSessions ended)
{
    public const int MaxUserAgent = 300;
    /// <summary>Where the current request's session id is kept once the cookie has been read (see AddAccounts).</summary>
    public const string HttpContextItem = "rt.session";
    /// <summary>The cookie's idle timeout (ConfigureApplicationCookie): a session unseen for longer has ended.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);
    // Ended and expired rows are kept a while so the list and an investigation can still explain a sign-out.
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public static Guid? Current(HttpContext context) => context.Items[HttpContextItem] as Guid?;

    public async Task<Guid> StartAsync(Guid userId, string securityStamp, string? userAgent, string? ipAddress, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var agent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgent)];
        // A plain INSERT, not Add + SaveChanges: this runs inside a sign-in, and saving the request's DbContext here
        // would also save whatever else the page has tracked so far.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_sessions ("Id", "UserId", "SecurityStamp", "CreatedAt", "LastSeenAt", "UserAgent", "IpAddress")
            VALUES ({id}, {userId}, {securityStamp}, {now}, {now}, {agent}, {ipAddress})
            """, ct);
        var cutoff = now - Retention;
        await db.Set<UserSession>().Where(s => s.UserId == userId && s.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        return id;
    }

    /// <summary>Records that the session is alive; false when it was ended (by the person, an admin or a sign-out).</summary>
    public async Task<bool> TouchAsync(Guid sessionId, Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Set<UserSession>().Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct) == 1;
    }

    /// <summary>After the account's stamp changed and this session was kept (refreshed sign-in), it carries the new stamp.</summary>
    public async Task RestampAsync(Guid sessionId, Guid userId, string securityStamp, CancellationToken ct) =>
        await db.Set<UserSession>().Where(s => s.Id == sessionId && s.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SecurityStamp, securityStamp), ct);

    /// <summary>
    /// Ends an open session; with <paramref name="userId"/>, only one of that person's own (false for anyone else's).
    /// Without it, the session of the current cookie being signed out.
    /// </summary>
    public async Task<bool> EndAsync(Guid? userId, Guid sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await db.Set<UserSession>().Where(s => s.Id == sessionId && (userId == null || s.UserId == userId) && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct) == 1;
        if (changed)
        {
            ended.Add([sessionId]);
        }
        return changed;
    }

    public async Task EndAllAsync(Guid userId, Guid? except, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ids = await db.Database.SqlQuery<Guid>($"""
            UPDATE user_sessions SET "EndedAt" = {now}
            WHERE "UserId" = {userId} AND "EndedAt" IS NULL AND "Id" <> {except ?? Guid.Empty}
            RETURNING "Id" AS "Value"
            """).ToListAsync(ct);
        ended.Add(ids);
    }

    /// <summary>The sessions that still work: not ended, same security stamp as the account, within both timeouts.</summary>
    public async Task<IReadOnlyList<SessionView>> ListAsync(Guid userId, Guid? current, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var idleSince = now - IdleTimeout;
        var startedSince = now - TimeSpan.FromHours(options.Value.AbsoluteSessionHours);
        var rows = await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.LastSeenAt > idleSince && s.CreatedAt > startedSince
                && db.Users.Any(u => u.Id == userId && u.SecurityStamp == s.SecurityStamp))
            .OrderByDescending(s => s.LastSeenAt).ToListAsync(ct);
        return rows.Select(s => new SessionView(s.Id, s.CreatedAt, s.LastSeenAt, Device(s.UserAgent), s.IpAddress, s.Id == current))
            .OrderByDescending(s => s.Current).ToList();
    }

    /// <summary>A short, recognisable name for a browser from its User-Agent (for people, not for decisions).</summary>
    public static string Device(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown browser";
        }
        static bool Has(string ua, string part) => ua.Contains(part, StringComparison.OrdinalIgnoreCase);
        var browser = Has(userAgent, "Edg/") ? "Edge" : Has(userAgent, "Firefox/") ? "Firefox" : Has(userAgent, "Chrome/") || Has(userAgent, "Chromium/") ? "Chrome"
            : Has(userAgent, "Safari/") ? "Safari" : "Browser";
        var system = Has(userAgent, "Android") ? "Android" : Has(userAgent, "iPhone") || Has(userAgent, "iPad") ? "iOS" : Has(userAgent, "Windows") ? "Windows"
            : Has(userAgent, "Mac OS X") || Has(userAgent, "Macintosh") ? "macOS" : Has(userAgent, "Linux") ? "Linux" : null;
        return system is null ? browser : $"{browser} on {system}";
    }
}
