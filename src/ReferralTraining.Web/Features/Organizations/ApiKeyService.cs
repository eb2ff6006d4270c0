using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.AspNetCore.Identity;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

public sealed class ApiKeyService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Creates a key and returns its secret once; only the hash is kept.</summary>
    public async Task<(Guid Id, string Secret)> CreateAsync(Guid organizationId, string name, CancellationToken ct)
    {
        var secret = "rtk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new OrganizationApiKey
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, Name = string.IsNullOrWhiteSpace(name) ? "API key" : name.Trim()[..Math.Min(100, name.Trim().Length)],
            Prefix = secret[..10], Hash = OrganizationService.HashToken(secret), CreatedAt = clock.GetUtcNow(),
        };
        db.Add(key);
        await db.SaveChangesAsync(ct);
        return (key.Id, secret);
    }

    public async Task<bool> RevokeAsync(Guid organizationId, Guid keyId, CancellationToken ct) =>
        await db.Set<OrganizationApiKey>().Where(k => k.OrganizationId == organizationId && k.Id == keyId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, clock.GetUtcNow()), ct) == 1;

    /// <summary>The organization a live key belongs to, or null.</summary>
    public async Task<Guid?> OrganizationOfAsync(string? secret, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }
        var hash = OrganizationService.HashToken(secret);
        var key = await db.Set<OrganizationApiKey>().SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
        if (key is null)
        {
            return null;
        }
        key.LastUsedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return key.OrganizationId;
    }
}
