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
                jobs.Enqueue<AccountMailJob>(job => job.SendLockedOutAsync(user.Id, CancellationToken.None));
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
