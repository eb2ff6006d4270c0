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

    /// <summary>
    /// Sign-in posts per minute per client address to the sign-in page (showing the page is not counted). Generous: a hospital's staff
    /// share one public address, so this only stops floods; sign-in posts are paced by the settings below (ADR-033).
    /// </summary>
    [Range(1, 1_000_000)]
    public int SignInPagePerMinute { get; set; } = 1200;

    /// <summary>Sign-in attempts per minute per client address, paced fairly: a burst beyond it waits in line, not refused.</summary>
    [Range(1, 1_000_000)]
    public int SignInPerAddressPerMinute { get; set; } = 300;

    /// <summary>Attempts one address may make at once before pacing starts (the token bucket's size).</summary>
    [Range(1, 100_000)]
    public int SignInPerAddressBurst { get; set; } = 60;

    /// <summary>Attempts from one address that may wait in line; beyond it the page says how long to wait (503).</summary>
    [Range(0, 100_000)]
    public int SignInPerAddressQueue { get; set; } = 120;

    /// <summary>
    /// Failed sign-ins per client address per 15 minutes before that address may not try again until the window
    /// moves on (429): credential stuffing fails nearly always, a ward of nurses nearly never.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SignInFailuresPerAddressPer15Minutes { get; set; } = 100;

    /// <summary>
    /// The longest a sign-in waits in the lines above before the page says how long to wait (503, Retry-After):
    /// shorter than a browser's or proxy's timeout, so nobody meets a connection error instead.
    /// </summary>
    [Range(1, 300)]
    public int SignInMaxWaitSeconds { get; set; } = 20;

    /// <summary>Passwords checked at once (PBKDF2 is CPU-bound): 0 means half the processor cores, at least one.</summary>
    [Range(0, 256)]
    public int PasswordChecksAtOnce { get; set; }

    /// <summary>Sign-ins that may wait for a password check; beyond it the page says how long to wait (503).</summary>
    [Range(0, 100_000)]
    public int PasswordCheckQueue { get; set; } = 200;

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
