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
    /// <summary>An organization's single sign-on settings were saved (enabled, disabled or changed).</summary>
    SsoConnectionChanged = 22,
    /// <summary>An account was linked to an organization's provider (issuer + subject), after proof or at its creation.</summary>
    SsoLinked = 23,
    /// <summary>A sign-in through an organization's provider was refused (see the detail).</summary>
    SsoRefused = 24,
}
