using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.Sso;

/// <summary>
/// Sign-in through an organization's provider: the challenge (after checking the provider answers), then what the
/// provider asserted: a linked account signs in; a verified address of one of the organization's domains with no account
/// gets one (just in time); an existing account is linked only after its owner proves it (password or mailed link).
/// </summary>
public sealed class SsoSignIn(
    SsoSchemes schemes, IOptionsMonitor<OpenIdConnectOptions> oidc, AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn,
    SecurityAuditLog audit, TimeProvider clock, IDataProtectionProvider protection, EmailService email,
    Infrastructure.Web.PublicLinks links, OrganizationService organizations, ILogger<SsoSignIn> logger)
{
    private const string LinkPurpose = "ReferralTraining.Sso.LinkMail.v1";
    public static readonly TimeSpan LinkMailLifetime = TimeSpan.FromMinutes(30);

    public const string ProviderDownMessage =
        "Your organization's sign-in service is not answering right now, so we cannot send you there. Try again in a few minutes; if it keeps happening, tell your organization's IT help desk. Addresses outside your organization still sign in with a password as usual.";
    public const string TurnedOffMessage =
        "Sign-in through your organization is turned off. Ask your program director, or sign in with a password if your account has one.";

    /// <summary>The organization's challenge, or a problem when its connection is off or its provider does not answer.</summary>
    public async Task<SsoStart> StartAsync(Guid organizationId, string returnUrl, string? loginHint, bool retried, CancellationToken ct)
    {
        var scheme = await schemes.EnsureAsync(organizationId, ct);
        if (scheme is null)
        {
            return new(null, null, TurnedOffMessage);
        }
        try
        {
            // The same options instance (and cached metadata) the handler will use for the challenge.
            await oidc.Get(scheme).ConfigurationManager!.GetConfigurationAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The provider of organization {OrganizationId} did not answer its discovery request", organizationId);
            return new(null, null, ProviderDownMessage);
        }
        var properties = new AuthenticationProperties { RedirectUri = "/accounts/sso/complete" };
        properties.Items[SsoOidcEvents.OrganizationItem] = organizationId.ToString("N");
        properties.Items[SsoOidcEvents.ReturnUrlItem] = returnUrl;
        if (retried)
        {
            properties.Items[SsoOidcEvents.RetriedItem] = "1";
        }
        if (!string.IsNullOrWhiteSpace(loginHint) && loginHint.Length <= 256)
        {
            properties.Items[SsoOidcEvents.LoginHintItem] = loginHint.Trim();
        }
        return new(scheme, properties, null);
    }

    private sealed record Assertion(Guid OrganizationId, string ReturnUrl, string Issuer, string Subject, string? Email, bool EmailVerified,
        bool SecondFactor, string? GivenName, string? FamilyName, SsoConnection Connection);

    private static string Normalize(string issuer) => issuer.Trim().TrimEnd('/');

    /// <summary>What the provider asserted, from the short-lived external cookie; null when there is none (expired, or used).</summary>
    private async Task<(Assertion? Assertion, string? Problem)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal is not { } principal || external.Properties is null
            || !external.Properties.Items.TryGetValue(SsoOidcEvents.OrganizationItem, out var org) || !Guid.TryParseExact(org, "N", out var organizationId))
        {
            return (null, null);
        }
        external.Properties.Items.TryGetValue(SsoOidcEvents.ReturnUrlItem, out var returnUrl);
        var connection = await db.Set<SsoConnection>().AsNoTracking().Include(c => c.Domains).SingleOrDefaultAsync(c => c.OrganizationId == organizationId, ct);
        if (connection is null || !connection.Enabled)
        {
            return (null, TurnedOffMessage);
        }
        var issuer = principal.FindFirstValue("iss");
        var subject = principal.FindFirstValue("sub");
        // The connection may have been pointed at another provider while this person was away.
        if (issuer is null || subject is null || Normalize(issuer) != Normalize(connection.Issuer))
        {
            return (null, "Your organization's sign-in settings changed while you were signing in. Please sign in again.");
        }
        var amr = principal.FindAll("amr").Select(c => c.Value);
        var acr = principal.FindFirstValue("acr");
        var secondFactor = amr.Contains("mfa") || (connection.MfaAcr is not null && acr == connection.MfaAcr);
        var verified = string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        return (new Assertion(organizationId, LocalOrHome(returnUrl), issuer, subject, principal.FindFirstValue("email")?.Trim(), verified, secondFactor,
            principal.FindFirstValue("given_name"), principal.FindFirstValue("family_name"), connection), null);
    }

    /// <summary>Only a path on this site is a place to return to (no open redirect through the return URL).</summary>
    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            && !returnUrl.Contains('\\') && !returnUrl.Any(char.IsControl) ? returnUrl : "/";

    public async Task<SsoOutcome> CompleteAsync(HttpContext http, CancellationToken ct)
    {
        var (assertion, problem) = await ReadAsync(http, ct);
        if (assertion is null)
        {
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            return new(SsoOutcomeKind.Refused, "/", problem ?? "Your sign-in through your organization took too long or was already used. Please sign in again.");
        }
        var link = await db.Set<SsoLink>().AsNoTracking().SingleOrDefaultAsync(l => l.Issuer == assertion.Issuer && l.Subject == assertion.Subject, ct);
        if (link is not null)
        {
            var linked = await users.FindByIdAsync(link.UserId.ToString());
            if (linked is null || !await db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == assertion.OrganizationId && m.UserId == linked.Id, ct))
            {
                return await RefuseAsync(http, assertion, linked?.Id, "not a member any more",
                    "Your organization no longer lists you as a member here, so its sign-in cannot open this account. Ask your program director, or sign in with a password if your account has one.");
            }
            return await FinishAsync(http, linked, assertion);
        }
        if (string.IsNullOrEmpty(assertion.Email) || !assertion.EmailVerified)
        {
            return await RefuseAsync(http, assertion, null, "e-mail address missing or not verified by the provider",
                "Your organization's sign-in did not confirm your e-mail address, so we cannot create or open an account with it. Ask your organization's IT help desk to verify your address.");
        }
        var domain = SsoDirectory.DomainOf(assertion.Email);
        if (domain is null || assertion.Connection.Domains.All(d => d.Domain != domain))
        {
            return await RefuseAsync(http, assertion, null, $"address outside the organization's domains ({domain})",
                $"Your organization's sign-in gave the address {assertion.Email}, which is not one of the e-mail domains your organization registered here. Sign in with that address's own service or password.");
        }
        if (await users.FindByEmailAsync(assertion.Email) is not null)
        {
            // Never linked by a matching address alone: the owner proves the account is theirs first.
            return new(SsoOutcomeKind.LinkRequired, assertion.ReturnUrl, null, assertion.Email);
        }
        var created = await CreateAccountAsync(assertion, ct);
        if (created is null)
        {
            return await RefuseAsync(http, assertion, null, "account creation failed",
                "We could not create your account just now. Please sign in again.");
        }
        return await FinishAsync(http, created, assertion);
    }

    private async Task<SsoOutcome> RefuseAsync(HttpContext http, Assertion assertion, Guid? userId, string detail, string message)
    {
        await audit.RecordAsync(SecurityEventKind.SsoRefused, userId, assertion.Email, $"organization {assertion.OrganizationId}: {detail}");
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        return new(SsoOutcomeKind.Refused, "/", message);
    }

    private async Task<SsoOutcome> FinishAsync(HttpContext http, AppUser user, Assertion assertion)
    {
        var result = await ((AuditingSignInManager)signIn).SingleSignOnAsync(user, assertion.SecondFactor);
        if (result.RequiresTwoFactor)
        {
            return new(SsoOutcomeKind.TwoFactorRequired, assertion.ReturnUrl);
        }
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        return result.Succeeded
            ? new(SsoOutcomeKind.SignedIn, assertion.ReturnUrl)
            : new(SsoOutcomeKind.Refused, "/", "Sign-in to this account is paused or not allowed right now. Try again later, or ask your program director.");
    }

    /// <summary>Just in time: the account, the Clinician role, the membership (with the default job role) and the link, in one transaction.</summary>
    private async Task<AppUser?> CreateAccountAsync(Assertion assertion, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var address = assertion.Email!;
        var local = address[..address.IndexOf('@')];
        AppUser? user = null;
        // All or nothing, retried as a unit by the app's execution strategy (database outages, ADR-016).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            user = new AppUser
            {
                UserName = address,
                Email = address,
                EmailConfirmed = true,
                GivenName = Clip(assertion.GivenName) ?? local,
                FamilyName = Clip(assertion.FamilyName) ?? "",
                CreatedAt = now,
            };
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                if (!(await users.CreateAsync(user)).Succeeded || !(await users.AddToRoleAsync(user, Roles.Clinician)).Succeeded)
                {
                    user = null;
                    return;
                }
                await organizations.JoinAsStaffAsync(assertion.OrganizationId, user.Id, assertion.Connection.DefaultJobRoleId, ct);
                db.Add(new SsoLink { Issuer = assertion.Issuer, Subject = assertion.Subject, UserId = user.Id, OrganizationId = assertion.OrganizationId, CreatedAt = now });
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                // The same person's second tab got there first.
                db.ChangeTracker.Clear();
                user = null;
            }
        });
        if (user is null)
        {
            return null;
        }
        await audit.RecordAsync(SecurityEventKind.SsoLinked, user.Id, user.Email, $"account created at first sign-in through organization {assertion.OrganizationId}");
        return user;
    }

    private static string? Clip(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim()[..Math.Min(name.Trim().Length, 100)];

    /// <summary>The pending link's address, for the linking page (null when there is nothing to link).</summary>
    public async Task<string?> PendingLinkEmailAsync(HttpContext http, CancellationToken ct)
    {
        var (assertion, _) = await ReadAsync(http, ct);
        return assertion is { EmailVerified: true } && assertion.Email is not null && await users.FindByEmailAsync(assertion.Email) is not null ? assertion.Email : null;
    }

    /// <summary>Links the provider's subject to the existing account once its password is proven, then signs in.</summary>
    public async Task<SsoOutcome?> LinkWithPasswordAsync(HttpContext http, string password, CancellationToken ct)
    {
        var (assertion, problem) = await ReadAsync(http, ct);
        if (assertion?.Email is null || !assertion.EmailVerified || await users.FindByEmailAsync(assertion.Email) is not { } user)
        {
            return new(SsoOutcomeKind.Refused, "/", problem ?? "Your sign-in through your organization took too long. Please sign in again.");
        }
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            await audit.RecordAsync(SecurityEventKind.SignInFailed, user.Id, user.Email, "organization sign-in: linking password wrong" + (check.IsLockedOut ? " (locked)" : ""));
            return null;
        }
        await LinkAsync(user, assertion.OrganizationId, assertion.Issuer, assertion.Subject, assertion.Connection.DefaultJobRoleId, "password proven", ct);
        return await FinishAsync(http, user, assertion);
    }

    private sealed record LinkTicket(Guid UserId, Guid OrganizationId, string Issuer, string Subject, string Stamp);

    /// <summary>Mails a one-time link to the existing account's address; opening it links the account (in any browser).</summary>
    public async Task<bool> MailLinkAsync(HttpContext http, CancellationToken ct)
    {
        var (assertion, _) = await ReadAsync(http, ct);
        if (assertion?.Email is null || !assertion.EmailVerified || await users.FindByEmailAsync(assertion.Email) is not { } user)
        {
            return false;
        }
        var ticket = new LinkTicket(user.Id, assertion.OrganizationId, assertion.Issuer, assertion.Subject, await users.GetSecurityStampAsync(user));
        var token = protection.CreateProtector(LinkPurpose).ToTimeLimitedDataProtector().Protect(JsonSerializer.Serialize(ticket), LinkMailLifetime);
        await email.QueueAsync(new EmailMessage(
            user.Email!, user.DisplayName,
            "Link your ReferralTraining account to your organization's sign-in",
            $"Someone signed in through their organization's sign-in service as {user.Email} and asked to use it for your existing ReferralTraining account. If it was you, link the two with the button below (the link works for 30 minutes). If it was not you, ignore this e-mail: nothing changes unless the button is used.",
            "Link my account", links.To("/accounts/sso/link/confirm?token=" + Uri.EscapeDataString(token)),
            "You received this because someone asked to link this address to an organization's sign-in."), ct);
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        return true;
    }

    /// <summary>Opens a mailed link: false when it is expired, altered, or the account changed (new password) since.</summary>
    public async Task<bool> ConfirmMailedLinkAsync(string? token, CancellationToken ct)
    {
        LinkTicket? ticket;
        try
        {
            ticket = string.IsNullOrEmpty(token) ? null
                : JsonSerializer.Deserialize<LinkTicket>(protection.CreateProtector(LinkPurpose).ToTimeLimitedDataProtector().Unprotect(token));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            ticket = null;
        }
        if (ticket is null || await users.FindByIdAsync(ticket.UserId.ToString()) is not { } user || await users.GetSecurityStampAsync(user) != ticket.Stamp)
        {
            return false;
        }
        var connection = await db.Set<SsoConnection>().AsNoTracking().SingleOrDefaultAsync(c => c.OrganizationId == ticket.OrganizationId && c.Enabled, ct);
        if (connection is null)
        {
            return false;
        }
        await LinkAsync(user, ticket.OrganizationId, ticket.Issuer, ticket.Subject, connection.DefaultJobRoleId, "mailed link opened", ct);
        return true;
    }

    private async Task LinkAsync(AppUser user, Guid organizationId, string issuer, string subject, Guid? jobRoleId, string how, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await db.Set<SsoLink>().AnyAsync(l => l.Issuer == issuer && l.Subject == subject, ct))
        {
            db.Add(new SsoLink { Issuer = issuer, Subject = subject, UserId = user.Id, OrganizationId = organizationId, CreatedAt = now });
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await organizations.JoinAsStaffAsync(organizationId, user.Id, jobRoleId, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Linked a moment ago by the same person in another tab: the link exists, which is what was asked.
            db.ChangeTracker.Clear();
        }
        await audit.RecordAsync(SecurityEventKind.SsoLinked, user.Id, user.Email, $"linked to organization {organizationId}'s provider: {how}");
    }
}
