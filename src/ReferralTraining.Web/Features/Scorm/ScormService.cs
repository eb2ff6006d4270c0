using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.Scorm;

/// <summary>Package keys, the organization's LMS origins, and launches: checking them and mapping the LMS learner to an account.</summary>
public sealed class ScormService(
    AppDbContext db, TimeProvider clock, IDataProtectionProvider protection, UserManager<AppUser> users, CourseService courses, OrganizationService organizations,
    IOptions<ScormOptions> options, SecurityAuditLog audit)
{
    public const string KeyProtectionPurpose = "ReferralTraining.Scorm.PackageKey.v1";

    private IDataProtector Protector => protection.CreateProtector(KeyProtectionPurpose);

    /// <summary>The newest live key of the organization with its secret, created when there is none (a package needs one).</summary>
    public async Task<(Guid KeyId, byte[] Secret)> CurrentKeyAsync(Guid organizationId, CancellationToken ct)
    {
        var key = await db.Set<ScormPackageKey>().AsNoTracking().Where(k => k.OrganizationId == organizationId && k.RevokedAt == null)
            .OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct);
        if (key is not null)
        {
            return (key.Id, Protector.Unprotect(Convert.FromBase64String(key.ProtectedSecret)));
        }
        return await CreateKeyAsync(organizationId, ct);
    }

    public async Task<(Guid KeyId, byte[] Secret)> CreateKeyAsync(Guid organizationId, CancellationToken ct)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var key = new ScormPackageKey
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, CreatedAt = clock.GetUtcNow(),
            ProtectedSecret = Convert.ToBase64String(Protector.Protect(secret)),
        };
        db.Add(key);
        await db.SaveChangesAsync(ct);
        return (key.Id, secret);
    }

    public async Task<bool> RevokeKeyAsync(Guid organizationId, Guid keyId, CancellationToken ct) =>
        await db.Set<ScormPackageKey>().Where(k => k.OrganizationId == organizationId && k.Id == keyId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, clock.GetUtcNow()), ct) == 1;

    public async Task<IReadOnlyList<string>> OriginsAsync(Guid organizationId, CancellationToken ct) =>
        await db.Set<ScormLmsOrigin>().AsNoTracking().Where(o => o.OrganizationId == organizationId).OrderBy(o => o.Origin).Select(o => o.Origin).ToListAsync(ct);

    /// <summary>Replaces the organization's LMS origins (one per line). Nothing is saved when a line is not an origin.</summary>
    public async Task<IReadOnlyList<string>> SetOriginsAsync(Guid organizationId, string? lines, CancellationToken ct)
    {
        var problems = new List<string>();
        var origins = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in (lines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ScormOrigins.Normalize(line, out var problem) is { } origin)
            {
                origins.Add(origin);
            }
            else
            {
                problems.Add(problem!);
            }
        }
        if (origins.Count > ScormOrigins.MaxPerOrganization)
        {
            problems.Add($"List at most {ScormOrigins.MaxPerOrganization} origins.");
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Set<ScormLmsOrigin>().Where(o => o.OrganizationId == organizationId).ExecuteDeleteAsync(ct);
            var now = clock.GetUtcNow();
            db.AddRange(origins.Select(o => new ScormLmsOrigin { OrganizationId = organizationId, Origin = o, AddedAt = now }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return [];
    }

    /// <summary>
    /// Checks a launch (key known and live, signature, age, nonce unused, origin listed, course published) and finds or
    /// creates the learner's account and membership. A refusal writes nothing but the security log line.
    /// </summary>
    public async Task<LaunchResult> LaunchAsync(LaunchClaims claims, string? signature, CancellationToken ct)
    {
        if (!ScormLaunchSigner.WellFormed(claims))
        {
            return Refuse("The launch is incomplete or has a field that is too long (learner id and name are at most 255 characters).");
        }
        var key = await db.Set<ScormPackageKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Id == claims.KeyId, ct);
        if (key is null)
        {
            return Refuse("The package's key is unknown here. Download the package again from the organization's LMS page.");
        }
        if (key.RevokedAt is not null)
        {
            return Refuse("The package's key was revoked by the organization's director. Import a newly downloaded package.");
        }
        byte[] secret;
        try
        {
            secret = Protector.Unprotect(Convert.FromBase64String(key.ProtectedSecret));
        }
        catch (CryptographicException)
        {
            return Refuse("The package's key can no longer be read here. Download and import the package again.");
        }
        var now = clock.GetUtcNow();
        var o = options.Value;
        switch (ScormLaunchSigner.Verify(secret, claims, signature, now, TimeSpan.FromSeconds(o.LaunchMaxAgeSeconds), TimeSpan.FromSeconds(o.LaunchClockSkewSeconds)))
        {
            case LaunchCheck.Valid:
                break;
            case LaunchCheck.Expired:
            case LaunchCheck.IssuedInTheFuture:
                return Refuse("The launch was signed too long ago or the computer's clock is wrong. Check the computer's date and time, then launch again.");
            default:
                return Refuse("The launch's signature does not match the package's key. Launch the course from the LMS again; if it persists, import a newly downloaded package.");
        }
        if (!await db.Set<ScormLmsOrigin>().AnyAsync(x => x.OrganizationId == key.OrganizationId && x.Origin == claims.Origin, ct))
        {
            return Refuse($"The LMS at {claims.Origin} is not listed for this organization. The director adds it on the organization's LMS page.");
        }
        if (!await db.Courses.AnyAsync(c => c.Id == claims.CourseId, ct))
        {
            return Refuse("The package's course is no longer offered.");
        }
        if (!await UseNonceAsync(claims, now, ct))
        {
            return Refuse("This launch was already used. Launch the course from the LMS again.");
        }
        var (userId, created) = await LearnerAsync(key.OrganizationId, claims, now, ct);
        await db.Set<ScormPackageKey>().Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastLaunchAt, now), ct);
        await courses.EnrollAsync(userId, claims.CourseId, ct);
        return new LaunchResult(userId, key.OrganizationId, claims.CourseId, claims.Origin, created, null);
    }

    private LaunchResult Refuse(string reason)
    {
        audit.Refused("SCORM launch refused");
        return LaunchResult.Refused(reason);
    }

    /// <summary>False when the nonce was seen; nonces older than any valid launch are dropped on the way.</summary>
    private async Task<bool> UseNonceAsync(LaunchClaims claims, DateTimeOffset now, CancellationToken ct)
    {
        var horizon = now - TimeSpan.FromSeconds(options.Value.LaunchMaxAgeSeconds + options.Value.LaunchClockSkewSeconds);
        await db.Set<ScormLaunchNonce>().Where(n => n.UsedAt < horizon).ExecuteDeleteAsync(ct);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO scorm_launch_nonces ("Nonce", "KeyId", "UsedAt") VALUES ({claims.Nonce}, {claims.KeyId}, {now}) ON CONFLICT DO NOTHING
            """, ct);
        return inserted == 1;
    }

    /// <summary>The account mapped to (organization, LMS learner id), created with its membership on the first launch.</summary>
    private async Task<(Guid UserId, bool Created)> LearnerAsync(Guid organizationId, LaunchClaims claims, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await db.Set<ScormLearner>().SingleOrDefaultAsync(l => l.OrganizationId == organizationId && l.LmsLearnerId == claims.LearnerId, ct);
            if (existing is not null)
            {
                existing.LastLaunchAt = now;
                await db.SaveChangesAsync(ct);
                // A learner the director removed comes back as staff when the LMS launches them again: the LMS assigned the course.
                await organizations.EnsureStaffAsync(organizationId, existing.UserId, ct);
                return (existing.UserId, false);
            }
            try
            {
                return (await CreateLearnerAsync(organizationId, claims, now, ct), true);
            }
            catch (DbUpdateException ex) when (attempt == 0 && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Two first launches at once: the other one created the mapping; find it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Guid> CreateLearnerAsync(Guid organizationId, LaunchClaims claims, DateTimeOffset now, CancellationToken ct)
    {
        var (given, family) = SplitName(claims.LearnerName);
        var handle = $"lms-{Guid.NewGuid():N}";
        // The LMS sends no e-mail address. Identity requires a unique one, so the account gets an address under the
        // reserved .invalid domain (RFC 2606), never confirmed, so nothing is ever mailed to it.
        var user = new AppUser
        {
            Id = Guid.NewGuid(), UserName = handle, Email = $"{handle}@lms.invalid", EmailConfirmed = false,
            GivenName = given, FamilyName = family, CreatedAt = now,
        };
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Creating the LMS learner's account failed: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            }
            await users.AddToRoleAsync(user, Roles.Clinician);
            await organizations.EnsureStaffAsync(organizationId, user.Id, ct);
            db.Add(new ScormLearner { OrganizationId = organizationId, LmsLearnerId = claims.LearnerId, UserId = user.Id, CreatedAt = now, LastLaunchAt = now });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return user.Id;
    }

    /// <summary>SCORM 1.2 and most LMSs send "Family, Given"; anything else is taken as given names then the family name.</summary>
    public static (string Given, string Family) SplitName(string name)
    {
        var text = name.Trim();
        if (text.Length == 0)
        {
            return ("LMS", "learner");
        }
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && comma < text.Length - 1)
        {
            return (text[(comma + 1)..].Trim(), text[..comma].Trim());
        }
        var space = text.LastIndexOf(' ');
        return space > 0 ? (text[..space].Trim(), text[(space + 1)..].Trim()) : (text, "");
    }
}
