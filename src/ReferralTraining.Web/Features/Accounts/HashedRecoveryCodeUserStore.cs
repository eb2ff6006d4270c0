using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// Identity keeps recovery codes and authenticator keys in plain text. This store keeps only a SHA-256 of
/// (user id, code) for recovery codes (ASVS 6.5.2: lookup secrets salted and hashed) and encrypts the
/// authenticator key with Data Protection, so a copy of the database yields neither.
/// </summary>
public sealed class HashedRecoveryCodeUserStore(AppDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole<Guid>, AppDbContext, Guid>(context, describer)
{
    private const string ProtectedPrefix = "dp:";
    private readonly IDataProtector protector = protection.CreateProtector("ReferralTraining.AuthenticatorKeys");

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(c => Hash(user, c)), cancellationToken);

    public override Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken = default) =>
        base.RedeemCodeAsync(user, Hash(user, code), cancellationToken);

    public override Task SetAuthenticatorKeyAsync(AppUser user, string key, CancellationToken cancellationToken = default) =>
        base.SetAuthenticatorKeyAsync(user, ProtectedPrefix + protector.Protect(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        // Keys written before encryption was added are read as they are until the person re-enrols.
        return stored is not null && stored.StartsWith(ProtectedPrefix, StringComparison.Ordinal)
            ? protector.Unprotect(stored[ProtectedPrefix.Length..])
            : stored;
    }

    public static string Hash(AppUser user, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Id:N}:{code.Trim().ToUpperInvariant()}")));
}
