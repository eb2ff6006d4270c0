using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// The issuer's signing keys: creates the current ES256 key on first use, rotates it, and lists the public halves
/// (current and retired) for the key URLs and the JWKS. Private keys leave the database only Data-Protected.
/// </summary>
public sealed class IssuerKeyStore(
    AppDbContext db, IDataProtectionProvider dataProtection, IOptions<CredentialsOptions> options, TimeProvider clock, ILogger<IssuerKeyStore> logger,
    CurrentIssuerKeyCache cache)
{
    public const string ProtectorPurpose = "ReferralTraining.IssuerKeys";

    private readonly IDataProtector protector = dataProtection.CreateProtector(ProtectorPurpose);
    private readonly CredentialsOptions settings = options.Value;

    /// <summary>Signs a credential with the current key (created on first use) as an OB 3.0 VC-JWT.</summary>
    public async Task<string> SignAsync(JsonObject credential, CancellationToken ct = default)
    {
        using var key = await GetSigningKeyAsync(ct);
        return VcJwt.Sign(credential, key);
    }

    /// <summary>The current private key; the caller disposes it.</summary>
    public async Task<IssuerSigningKey> GetSigningKeyAsync(CancellationToken ct = default)
    {
        var current = await GetOrCreateCurrentAsync(ct);
        return LoadPrivate(current);
    }

    /// <summary>Every public key, current first, then retired ones newest first.</summary>
    public async Task<IReadOnlyList<IssuerPublicKey>> ListPublicKeysAsync(CancellationToken ct = default)
    {
        var rows = await db.Set<IssuerKey>().AsNoTracking()
            .OrderBy(k => k.RetiredAt != null).ThenByDescending(k => k.RetiredAt).ThenByDescending(k => k.CreatedAt)
            .ToListAsync(ct);
        return rows.Select(ToPublic).OfType<IssuerPublicKey>().ToList();
    }

    /// <summary>One public key by thumbprint, or null.</summary>
    public async Task<IssuerPublicKey?> FindPublicKeyAsync(string thumbprint, CancellationToken ct = default)
    {
        if (!EcJwk.LooksLikeThumbprint(thumbprint))
        {
            return null;
        }
        var row = await db.Set<IssuerKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Id == thumbprint, ct);
        return row is null ? null : ToPublic(row);
    }

    /// <summary>Retires the current key (it stays published for verification) and makes a new one current.</summary>
    public async Task<IssuerPublicKey> RotateAsync(CancellationToken ct = default)
    {
        cache.Clear(); // this instance signs with the new key at once; others within the cache lifetime
        var strategy = db.Database.CreateExecutionStrategy();
        IssuerKey? created = null;
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                if (created is not null)
                {
                    db.Entry(created).State = EntityState.Detached; // a retry after a transient failure starts over
                }
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var now = clock.GetUtcNow();
                await db.Set<IssuerKey>().Where(k => k.RetiredAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, now), ct);
                created = NewKey(now);
                db.Set<IssuerKey>().Add(created);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            });
            logger.LogInformation("Rotated the issuer key; the current key is now {Thumbprint}", created!.Id);
            return ToPublic(created) ?? throw new InvalidOperationException("A newly created issuer key could not be read back.");
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // A concurrent rotation (or first use) made another key current first; that satisfies this request too.
            logger.LogInformation("A concurrent request replaced the issuer key first; using its key");
            var current = await db.Set<IssuerKey>().AsNoTracking().SingleAsync(k => k.RetiredAt == null, ct);
            return ToPublic(current) ?? throw new InvalidOperationException($"Issuer key {current.Id} has an unreadable public JWK.");
        }
        finally
        {
            if (created is not null)
            {
                db.Entry(created).State = EntityState.Detached;
            }
        }
    }

    private async Task<IssuerKey> GetOrCreateCurrentAsync(CancellationToken ct)
    {
        if (cache.Get(clock.GetUtcNow()) is { } cached)
        {
            return cached;
        }
        var current = await db.Set<IssuerKey>().AsNoTracking().SingleOrDefaultAsync(k => k.RetiredAt == null, ct);
        if (current is not null)
        {
            cache.Set(current, clock.GetUtcNow());
            return current;
        }
        // Several processes or requests may find no key at the same moment (first start, scale-out): the one-current
        // index decides, and the losers read the winner's key. ON CONFLICT rather than catching the violation, because
        // EF Core logs a failed command at Error level, and a race every fresh deployment runs is not an error.
        var created = NewKey(clock.GetUtcNow());
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO issuer_keys ("Id", "CreatedAt", "ProtectedPrivateKey", "PublicJwk", "RetiredAt")
            VALUES ({created.Id}, {created.CreatedAt}, {created.ProtectedPrivateKey}, {created.PublicJwk}, NULL)
            ON CONFLICT DO NOTHING
            """, ct);
        if (inserted == 1)
        {
            logger.LogInformation("Created the first issuer key {Thumbprint}", created.Id);
            return created;
        }
        return await db.Set<IssuerKey>().AsNoTracking().SingleAsync(k => k.RetiredAt == null, ct);
    }

    private IssuerKey NewKey(DateTimeOffset now)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicParameters = ec.ExportParameters(false);
        var pkcs8 = ec.ExportPkcs8PrivateKey();
        try
        {
            return new IssuerKey
            {
                Id = EcJwk.Thumbprint(publicParameters),
                PublicJwk = EcJwk.PublicMembers(publicParameters).ToJsonString(),
                ProtectedPrivateKey = protector.Protect(pkcs8),
                CreatedAt = now,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private IssuerSigningKey LoadPrivate(IssuerKey row)
    {
        byte[] pkcs8;
        try
        {
            pkcs8 = protector.Unprotect(row.ProtectedPrivateKey);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"The current issuer key {row.Id} cannot be decrypted: the Data Protection key ring that protected it is gone. " +
                "Rotate the issuer key (IssuerKeyStore.RotateAsync); credentials signed with the old key still verify.", ex);
        }
        var ec = ECDsa.Create();
        try
        {
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            if (EcJwk.Thumbprint(ec.ExportParameters(false)) != row.Id)
            {
                throw new InvalidOperationException($"Issuer key {row.Id}: the private key does not match its thumbprint.");
            }
            return new IssuerSigningKey(settings.KeyUrl(row.Id), ec);
        }
        catch
        {
            ec.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private IssuerPublicKey? ToPublic(IssuerKey row)
    {
        JsonObject? jwk;
        try
        {
            jwk = JsonNode.Parse(row.PublicJwk) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            jwk = null;
        }
        if (jwk is null || !EcJwk.TryReadPublic(jwk, out var parameters) || EcJwk.Thumbprint(parameters) != row.Id)
        {
            logger.LogError("Issuer key {Thumbprint} has an unreadable public JWK; it is not published", row.Id);
            return null;
        }
        return new IssuerPublicKey(settings.KeyUrl(row.Id), row.Id, parameters, row.CreatedAt, row.RetiredAt);
    }

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
