using System.Buffers.Binary;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// The authenticator-app token provider, replacing Identity's: Identity accepts a code again for as long as it
/// is valid (replay). Here a code is accepted at most once: the time step it matched is stored per person and
/// only a later step passes, with one step of clock drift either way.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(AppDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    // Identity's default name, so TwoFactorAuthenticatorSignInAsync and every caller use this provider.
    public static readonly string Name = TokenOptions.DefaultAuthenticatorProvider;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    // Codes come from the person's app; the server never sends one.
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var code = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (key is null || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var secret = Totp.FromBase32(key);
        var now = Totp.TimeStep(clock.GetUtcNow());
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.Code(secret, step)), Encoding.ASCII.GetBytes(code)))
            {
                // One conditional UPDATE: of two concurrent submissions of the same code only one changes the row.
                // It also changes the concurrency stamp, so a request holding an older copy of the person (a
                // concurrent wrong code counting a failure) cannot write the old step back: Identity's
                // UserStore.UpdateAsync writes every column.
                var stamp = Guid.NewGuid().ToString();
                var claimed = await db.Users
                    .Where(u => u.Id == user.Id && (u.LastTotpTimeStep == null || u.LastTotpTimeStep < step))
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpTimeStep, step).SetProperty(u => u.ConcurrencyStamp, stamp));
                if (claimed != 1)
                {
                    return false;
                }
                // This request's copy follows the row, so its own later update (resetting the failure count) keeps the step.
                var entry = db.Entry(user);
                user.LastTotpTimeStep = step;
                user.ConcurrencyStamp = stamp;
                if (entry.State != EntityState.Detached)
                {
                    entry.Property(u => u.LastTotpTimeStep).OriginalValue = step;
                    entry.Property(u => u.ConcurrencyStamp).OriginalValue = stamp;
                }
                return true;
            }
        }
        return false;
    }
}
