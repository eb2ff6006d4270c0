using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Security;

namespace ReferralTraining.Web.Features.Accounts;

public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>Failed sign-ins before the account is locked.</summary>
    [Range(3, 20)]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Requests per minute per client address to the public account forms (sign-in, register, reset).</summary>
    [Range(1, 100_000)]
    public int PublicFormsPerMinute { get; set; } = 30;

    /// <summary>Requests per minute per client address to the two-step sign-in code page (lockout also applies per account).</summary>
    [Range(1, 100_000)]
    public int TwoFactorPerMinute { get; set; } = 10;

    /// <summary>How often a session cookie is checked against the account (password changed, disabled, roles changed).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00", ErrorMessage = "Accounts:SessionValidationInterval must be between 0 and 30 minutes.")]
    public TimeSpan SessionValidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A session ends this long after sign-in however active it is (the 8-hour idle timeout ends it sooner).</summary>
    [Range(1, 24 * 30)]
    public int AbsoluteSessionHours { get; set; } = 12;
}
