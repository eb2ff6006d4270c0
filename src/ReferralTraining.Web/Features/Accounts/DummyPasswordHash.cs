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
