using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

public enum SecurityEventKind
{
    SignInSucceeded = 1,
    SignInFailed = 2,
    LockedOut = 3,
    SecondStepRequired = 4,
    TwoFactorEnrolled = 5,
    TwoFactorDisabled = 6,
    TwoFactorSucceeded = 7,
    TwoFactorFailed = 8,
    RecoveryCodeUsed = 9,
    RecoveryCodesGenerated = 10,
    PasswordChanged = 11,
    PasswordReset = 12,
    AccountDisabled = 13,
    AccountEnabled = 14,
    RoleAdded = 15,
    RoleRemoved = 16,
    SignedOut = 17,
    AccessDenied = 18,
    TwoFactorReset = 19,
    SessionsEnded = 20,
    /// <summary>A signed-in person, or a valid organization API key, asked for another organization's data (answered 404).</summary>
    TenantRefused = 21,
}

/// <summary>
/// One security-relevant event (ASVS V16). Append-only: nothing in the app updates or deletes these rows.
/// Certificate status changes have their own audit table, certificate_status_events.
/// </summary>
public sealed class SecurityEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public SecurityEventKind Kind { get; set; }
    /// <summary>The account concerned, when known (a failed sign-in for an unknown address has none).</summary>
    public Guid? UserId { get; set; }
    /// <summary>The address typed or the account's address, so failed attempts on unknown accounts are visible.</summary>
    public string? Email { get; set; }
    /// <summary>Who did it when it was someone else (an admin disabling an account).</summary>
    public Guid? ActorUserId { get; set; }
    public string? IpAddress { get; set; }
    public string? Detail { get; set; }
}

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> b)
    {
        b.ToTable("security_events");
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(e => e.Email).HasMaxLength(256);
        b.Property(e => e.IpAddress).HasMaxLength(64);
        b.Property(e => e.Detail).HasMaxLength(500);
        b.HasIndex(e => e.At);
        b.HasIndex(e => new { e.UserId, e.At });
    }
}

/// <summary>
/// Writes security events in their own DbContext, so recording never saves (or is rolled back with) the
/// caller's pending changes, and also logs them as structured events for the log pipeline.
/// </summary>
public sealed class SecurityAuditLog(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock, ILogger<SecurityAuditLog> logger)
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
        // Never the password, code or token: only what happened, to whom, from where.
        logger.LogInformation("Security event {SecurityEvent} for user {UserId} ({Detail}) by {ActorUserId} from {IpAddress}",
            kind, userId, detail, actor, entry.IpAddress);
    }

    /// <summary>
    /// An unauthenticated refusal (an unknown or revoked API key): logged for the log pipeline at Warning, but not
    /// written to security_events, so anyone able to send requests cannot grow that table.
    /// </summary>
    public void Refused(string what, string? detail = null)
    {
        var context = http.HttpContext;
        logger.LogWarning("Security refusal {Refusal} ({Detail}) for {Method} {Path} from {IpAddress}",
            what, detail, context?.Request.Method, context?.Request.Path.Value, context?.Connection.RemoteIpAddress?.ToString());
    }

    private static string? Truncate(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
}
