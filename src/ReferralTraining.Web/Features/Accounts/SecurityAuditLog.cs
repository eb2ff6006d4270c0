using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// Writes security events in their own DbContext, so recording never saves (or is rolled back with) the
/// caller's pending changes, and also logs them as structured events for the log pipeline.
/// </summary>
public sealed class SecurityAuditLog(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock, ILogger<SecurityAuditLog> logger,
    Infrastructure.Observability.AppMetrics metrics)
{
    public async Task RecordAsync(SecurityEventKind kind, Guid? userId, string? email, string? detail = null)
    {
        var context = http.HttpContext;
        Guid? actor = context?.User.TryGetUserId() is { } a && a != userId ? a : null;
        var entry = new SecurityEvent
        {
            At = clock.GetUtcNow(),
            Kind = kind,
            UserId = userId,
            Email = Truncate(email, 256),
            ActorUserId = actor,
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Detail = Truncate(detail, 500),
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(entry);
        await db.SaveChangesAsync();
        if (kind is SecurityEventKind.SignInSucceeded or SecurityEventKind.TwoFactorSucceeded or SecurityEventKind.RecoveryCodeUsed)
        {
            metrics.SignedIn(); // a completed sign-in: the password alone, or the second step after it
        }
        else if (kind is SecurityEventKind.LockedOut)
        {
            metrics.LockedOut();
        }
        // Never the password, code or token: only what happened, to whom, from where.
        logger.LogInformation("Security event {SecurityEvent} for user {UserId} ({Detail}) by {ActorUserId} from {IpAddress}",
            kind, userId, detail, actor, entry.IpAddress);
    }

    // Last minute a refusal of each kind was logged per client address: a flood of rejected requests becomes one line
    // a minute per sender, not a second flood in the logs. Cleared when it grows large (many senders).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string What, string? Address), long> lastLogged = new();

    /// <summary>
    /// A refusal that may come from anyone (an unknown or revoked API key, a rate limit, a missing antiforgery token):
    /// logged for the log pipeline at Warning, at most once a minute per kind and client address, and not written to
    /// security_events, so anyone able to send requests can grow neither that table nor the logs.
    /// </summary>
    public void Refused(string what)
    {
        var context = http.HttpContext;
        var address = context?.Connection.RemoteIpAddress?.ToString();
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        if (lastLogged.Count > 10_000)
        {
            lastLogged.Clear();
        }
        var key = (what, address);
        if (lastLogged.TryGetValue(key, out var logged) && logged == minute)
        {
            return;
        }
        lastLogged[key] = minute;
        logger.LogWarning("Security refusal {Refusal} for {Method} {Path} from {IpAddress}",
            what, context?.Request.Method, context?.Request.Path.Value, address);
    }

    private static string? Truncate(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
}
