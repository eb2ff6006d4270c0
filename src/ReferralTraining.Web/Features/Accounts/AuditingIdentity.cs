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
/// Identity's UserManager, recording password, role, lockout and two-factor changes in the security audit log.
/// Every caller (pages, services, seeding) goes through it, so no change escapes the log.
/// </summary>
public sealed class AuditingUserManager(
    IUserStore<AppUser> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger,
    SecurityAuditLog audit, IBackgroundJobClient jobs)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>
    /// The disabled mark (lockout until the end of time) is cleared only by <see cref="EnableAsync"/> (an admin). A
    /// password reset, a confirmation or any other path that ends a temporary lockout cannot re-enable an account.
    /// </summary>
    public override async Task<IdentityResult> SetLockoutEndDateAsync(AppUser user, DateTimeOffset? lockoutEnd)
    {
        if (AccountService.IsDisabled(user) && lockoutEnd != DateTimeOffset.MaxValue)
        {
            return IdentityResult.Failed(new IdentityError { Code = "AccountDisabled", Description = "This account is disabled; only an admin can enable it." });
        }
        return await base.SetLockoutEndDateAsync(user, lockoutEnd);
    }

    /// <summary>An admin enables a disabled account (the only way the disabled mark is cleared).</summary>
    public Task<IdentityResult> EnableAsync(AppUser user) => base.SetLockoutEndDateAsync(user, null);

    public override async Task<IdentityResult> ChangePasswordAsync(AppUser user, string currentPassword, string newPassword)
    {
        var result = await base.ChangePasswordAsync(user, currentPassword, newPassword);
        if (result.Succeeded)
        {
            await audit.RecordAsync(SecurityEventKind.PasswordChanged, user.Id, user.Email);
        }
        return result;
    }

    public override async Task<IdentityResult> ResetPasswordAsync(AppUser user, string token, string newPassword)
    {
        var result = await base.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded)
        {
            await audit.RecordAsync(SecurityEventKind.PasswordReset, user.Id, user.Email, "by e-mailed link");
        }
        return result;
    }

    public override async Task<IdentityResult> AddToRoleAsync(AppUser user, string role)
    {
        var result = await base.AddToRoleAsync(user, role);
        if (result.Succeeded)
        {
            await audit.RecordAsync(SecurityEventKind.RoleAdded, user.Id, user.Email, role);
        }
        return result;
    }

    public override async Task<IdentityResult> AddToRolesAsync(AppUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        var result = await base.AddToRolesAsync(user, list);
        if (result.Succeeded)
        {
            await audit.RecordAsync(SecurityEventKind.RoleAdded, user.Id, user.Email, string.Join(", ", list));
        }
        return result;
    }

    public override async Task<IdentityResult> RemoveFromRoleAsync(AppUser user, string role)
    {
        var result = await base.RemoveFromRoleAsync(user, role);
        if (result.Succeeded)
        {
            await audit.RecordAsync(SecurityEventKind.RoleRemoved, user.Id, user.Email, role);
        }
        return result;
    }

    public override async Task<IdentityResult> RemoveFromRolesAsync(AppUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        var result = await base.RemoveFromRolesAsync(user, list);
        if (result.Succeeded)
        {
            await audit.RecordAsync(SecurityEventKind.RoleRemoved, user.Id, user.Email, string.Join(", ", list));
        }
        return result;
    }

    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        var wasLocked = await IsLockedOutAsync(user);
        var result = await base.AccessFailedAsync(user);
        if (result.Succeeded && !wasLocked && await IsLockedOutAsync(user))
        {
            await audit.RecordAsync(SecurityEventKind.LockedOut, user.Id, user.Email, $"until {user.LockoutEnd:O}");
            // The sign-in page says the same for every failure; the owner learns of the lockout by e-mail.
            try
            {
                jobs.Enqueue<AccountMailJob>(job => job.SendLockedOutAsync(user.Id));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Logger.LogWarning(ex, "Could not enqueue the lockout e-mail for {UserId}", user.Id);
            }
        }
        return result;
    }

    public override async Task<IdentityResult> SetTwoFactorEnabledAsync(AppUser user, bool enabled)
    {
        var result = await base.SetTwoFactorEnabledAsync(user, enabled);
        if (result.Succeeded)
        {
            await audit.RecordAsync(enabled ? SecurityEventKind.TwoFactorEnrolled : SecurityEventKind.TwoFactorDisabled, user.Id, user.Email);
        }
        return result;
    }

    public override async Task<IEnumerable<string>?> GenerateNewTwoFactorRecoveryCodesAsync(AppUser user, int number)
    {
        var codes = await base.GenerateNewTwoFactorRecoveryCodesAsync(user, number);
        await audit.RecordAsync(SecurityEventKind.RecoveryCodesGenerated, user.Id, user.Email, $"{number} codes");
        return codes;
    }
}

/// <summary>Identity's SignInManager, recording each sign-in outcome (ASVS V16: authentication events).</summary>
public sealed class AuditingSignInManager(
    UserManager<AppUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, SecurityAuditLog audit, DummyPasswordHash dummy)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // Verify against a dummy hash so an unknown address takes as long as a wrong password (no enumeration by timing).
            dummy.Verify(password);
            await audit.RecordAsync(SecurityEventKind.SignInFailed, null, userName, "unknown account");
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> PasswordSignInAsync(AppUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        var (kind, detail) = result switch
        {
            { Succeeded: true } => (SecurityEventKind.SignInSucceeded, "password"),
            { RequiresTwoFactor: true } => (SecurityEventKind.SecondStepRequired, "password accepted"),
            { IsLockedOut: true } => (SecurityEventKind.SignInFailed, "account locked"),
            { IsNotAllowed: true } => (SecurityEventKind.SignInFailed, "not allowed (e-mail not confirmed)"),
            _ => (SecurityEventKind.SignInFailed, "wrong password"),
        };
        await audit.RecordAsync(kind, user.Id, user.Email, detail);
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null)
        {
            await audit.RecordAsync(result.Succeeded ? SecurityEventKind.TwoFactorSucceeded : SecurityEventKind.TwoFactorFailed,
                user.Id, user.Email, result.Succeeded ? "authenticator code" : result.IsLockedOut ? "account locked" : "wrong or reused code");
        }
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null)
        {
            await audit.RecordAsync(result.Succeeded ? SecurityEventKind.RecoveryCodeUsed : SecurityEventKind.TwoFactorFailed,
                user.Id, user.Email, result.Succeeded ? $"{await UserManager.CountRecoveryCodesAsync(user)} codes left" : "wrong recovery code");
        }
        return result;
    }

    public override async Task SignOutAsync()
    {
        var user = await UserManager.GetUserAsync(Context.User);
        await base.SignOutAsync();
        if (user is not null)
        {
            await audit.RecordAsync(SecurityEventKind.SignedOut, user.Id, user.Email);
        }
    }
}

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

/// <summary>
/// A hash of a random password made with the app's own hasher and settings: verifying a password against it costs what
/// verifying a real account's password costs, so a sign-in for an unknown address answers as slowly as a wrong password.
/// </summary>
public sealed class DummyPasswordHash(IOptions<PasswordHasherOptions> options)
{
    private static readonly AppUser Nobody = new() { UserName = "nobody", Email = "nobody@invalid" };
    private readonly PasswordHasher<AppUser> hasher = new(options);
    private string? hash;
    private long verifications;

    /// <summary>How many times it ran (tests check that an unknown address goes through the hash).</summary>
    public long Verifications => Interlocked.Read(ref verifications);

    public void Verify(string password)
    {
        hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(Nobody, hash, password);
        Interlocked.Increment(ref verifications);
    }
}
