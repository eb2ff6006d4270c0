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

    /// <summary>
    /// Sign-in through an organization's provider (Features/Sso). A provider that asserted a second factor (amr=mfa or
    /// the organization's acr) meets the two-step rule; otherwise an enrolled account still gets its second step here,
    /// and a privileged one not yet enrolled is sent to enroll by UseTwoFactorGate.
    /// </summary>
    public async Task<SignInResult> SingleSignOnAsync(AppUser user, bool providerAssertedSecondFactor)
    {
        if (await PreSignInCheck(user) is { } refused)
        {
            await audit.RecordAsync(SecurityEventKind.SignInFailed, user.Id, user.Email, "organization sign-in: " + (refused.IsLockedOut ? "account locked" : "not allowed"));
            return refused;
        }
        if (providerAssertedSecondFactor)
        {
            await SignInWithClaimsAsync(user, isPersistent: false,
                [new System.Security.Claims.Claim("amr", "mfa"), new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.AuthenticationMethod, SsoLoginProvider)]);
            await audit.RecordAsync(SecurityEventKind.SignInSucceeded, user.Id, user.Email, "organization sign-in (second factor at the provider)");
            return SignInResult.Success;
        }
        var result = await SignInOrTwoFactorAsync(user, isPersistent: false, SsoLoginProvider, bypassTwoFactor: false);
        await audit.RecordAsync(result.RequiresTwoFactor ? SecurityEventKind.SecondStepRequired : SecurityEventKind.SignInSucceeded,
            user.Id, user.Email, "organization sign-in");
        return result;
    }

    /// <summary>The authentication method recorded for sessions started through an organization's provider.</summary>
    public const string SsoLoginProvider = "sso";

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
