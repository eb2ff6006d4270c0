using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Verification;

public sealed class ApiKeyService(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public const string TokenStart = "rtk_";
    public const int MaxActiveKeys = 10;
    private const string PrefixAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public async Task<(CreatedApiKey? Key, string? Error)> CreateAsync(Guid ownerUserId, string? name, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return (null, "Give the key a name of 1 to 100 characters, for example the system that will use it.");
        }
        var owner = await users.FindByIdAsync(ownerUserId.ToString());
        if (owner is null || !await users.IsInRoleAsync(owner, Roles.CredentialingBody))
        {
            return (null, "Only credentialing-body accounts can hold API keys.");
        }
        if (await db.Set<ApiKey>().CountAsync(k => k.OwnerUserId == ownerUserId && k.RevokedAt == null, ct) >= MaxActiveKeys)
        {
            return (null, $"You already have {MaxActiveKeys} active keys. Revoke one you no longer use first.");
        }
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, 8);
        var secret = $"{TokenStart}{prefix}_{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var key = new ApiKey
        {
            Id = Guid.NewGuid(), OwnerUserId = ownerUserId, Name = name, Prefix = prefix, Hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret)),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Set<ApiKey>().Add(key);
        await db.SaveChangesAsync(ct);
        return (new CreatedApiKey(key.Id, key.Name, prefix, secret), null);
    }

    /// <summary>Revokes one of the owner's keys; someone else's key is "not found".</summary>
    public async Task<string?> RevokeAsync(Guid ownerUserId, Guid keyId, CancellationToken ct)
    {
        var key = await db.Set<ApiKey>().SingleOrDefaultAsync(k => k.Id == keyId && k.OwnerUserId == ownerUserId, ct);
        if (key is null)
        {
            return "No such key.";
        }
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return null;
    }

    /// <summary>
    /// Checks a presented secret: found by its prefix, compared by hash in constant time, not revoked, and
    /// its owner still a credentialing body. Records the use.
    /// </summary>
    public async Task<ApiKeyOwner?> AuthenticateAsync(string? presented, CancellationToken ct)
    {
        if (presented is null || presented.Length is < 20 or > 200 || !presented.StartsWith(TokenStart, StringComparison.Ordinal)
            || presented[TokenStart.Length + 8] != '_')
        {
            return null;
        }
        var prefix = presented.Substring(TokenStart.Length, 8);
        var key = await db.Set<ApiKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (key is null || !CryptographicOperations.FixedTimeEquals(hash, key.Hash) || key.RevokedAt is not null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        // A disabled owner's keys stop working with their sessions (a temporary lockout after failed
        // sign-ins does not stop them: that would let anyone switch a board's integration off).
        var disabledFrom = now.AddYears(100);
        var stillBody = await db.UserRoles.AnyAsync(ur => ur.UserId == key.OwnerUserId
            && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.CredentialingBody)
            && db.Users.Any(u => u.Id == ur.UserId && (u.LockoutEnd == null || u.LockoutEnd < disabledFrom)), ct);
        if (!stillBody)
        {
            return null;
        }
        await db.Set<ApiKey>().Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        return new ApiKeyOwner(key.Id, key.OwnerUserId, key.Prefix);
    }

}
