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

/// <summary>RFC 6238 TOTP as authenticator apps use it by default: HMAC-SHA-1, 6 digits, 30-second steps.</summary>
public static class Totp
{
    public const int StepSeconds = 30;

    public static long TimeStep(DateTimeOffset at) => at.ToUnixTimeSeconds() / StepSeconds;

    public static string Code(ReadOnlySpan<byte> key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        // RFC 6238's default, the only algorithm every authenticator app supports; HMAC-SHA-1 remains a sound PRF.
#pragma warning disable CA5350
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32 (the format of authenticator keys), ignoring spaces, case and padding.</summary>
    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is ' ' or '=' or '-')
            {
                continue;
            }
            var index = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new FormatException("Not a base32 key.");
            }
            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. output];
    }

    /// <summary>The otpauth:// URI authenticator apps read from a QR code.</summary>
    public static string Uri(string issuer, string account, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(account)}?secret={key}&issuer={System.Uri.EscapeDataString(issuer)}&digits=6&period={StepSeconds}";

    /// <summary>
    /// The QR code as an SVG path (vector, no style attribute or script, so it passes our CSP), with a text
    /// alternative; the key is also shown as text for people who type it.
    /// </summary>
    public static string QrSvg(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var size = data.ModuleMatrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (data.ModuleMatrix[y][x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
                }
            }
        }
        var title = System.Net.WebUtility.HtmlEncode(label);
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 {size} {size}\" width=\"220\" height=\"220\" role=\"img\" aria-label=\"{title}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>";
    }
}

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

/// <summary>Who must use two-step sign-in, and how a session shows it did.</summary>
public static class TwoFactorRules
{
    public const string SetupPath = "/accounts/two-factor/setup";

    /// <summary>Roles that see other people's data or change the service: they must use a second factor.</summary>
    public static readonly IReadOnlyList<string> PrivilegedRoles = [Roles.Admin, Roles.ProgramDirector, Roles.CredentialingBody];

    public static bool IsPrivileged(ClaimsPrincipal user) => PrivilegedRoles.Any(user.IsInRole);

    /// <summary>Identity puts amr=mfa on sessions that passed the second step (and we do after enrolment).</summary>
    public static bool PassedSecondFactor(ClaimsPrincipal user) => user.HasClaim("amr", "mfa");

    /// <summary>
    /// A privileged person signed in with a password only (not yet enrolled) may reach nothing but enrolment and
    /// sign-out: pages redirect to enrolment, APIs answer 403 with a problem body. API-key callers never have
    /// a cookie session, so this does not touch them.
    /// </summary>
    public static IApplicationBuilder UseTwoFactorGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && IsPrivileged(user) && !PassedSecondFactor(user)
            && !context.Request.Path.StartsWithSegments(SetupPath)
            && !context.Request.Path.StartsWithSegments("/accounts/logout")
            && !context.Request.Path.StartsWithSegments("/error"))
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new
                {
                    type = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.4",
                    title = "Two-step sign-in required",
                    status = 403,
                    detail = "Set up two-step sign-in at " + SetupPath + " before using this account's privileged features.",
                }, options: null, contentType: "application/problem+json");
                return;
            }
            context.Response.Redirect(SetupPath + "?returnUrl=" + System.Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            return;
        }
        await next();
    });
}
