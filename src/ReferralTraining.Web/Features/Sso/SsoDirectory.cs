using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.Sso;

/// <summary>Organizations' provider registrations: validation, the encrypted secret, and which provider an address belongs to.</summary>
public sealed partial class SsoDirectory(
    AppDbContext db, IDataProtectionProvider protection, TimeProvider clock, IOptions<SsoOptions> options, SsoSchemes schemes,
    UserSessions sessions, Microsoft.AspNetCore.Identity.UserManager<AppUser> users, SecurityAuditLog audit)
{
    public const string SecretPurpose = "ReferralTraining.Sso.ClientSecret.v1";
    public const int MaxIssuer = 500;
    public const int MaxDomains = 20;

    // Addresses anyone can get: an organization cannot claim them (its provider would own strangers' sign-ins).
    private static readonly HashSet<string> SharedMailDomains = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com",
        "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "mail.com", "zoho.com", "yandex.com",
    };

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();

    public static string? DomainOf(string? email)
    {
        var at = email?.Trim().LastIndexOf('@') ?? -1;
        return at < 1 ? null : email!.Trim()[(at + 1)..].TrimEnd('.').ToLowerInvariant();
    }

    public Task<SsoConnection?> GetAsync(Guid organizationId, CancellationToken ct) =>
        db.Set<SsoConnection>().AsNoTracking().Include(c => c.Domains).SingleOrDefaultAsync(c => c.OrganizationId == organizationId, ct);

    /// <summary>The enabled connection whose domains include the address's, if any (home-realm discovery).</summary>
    public async Task<SsoConnection?> FindForEmailAsync(string? email, CancellationToken ct)
    {
        var domain = DomainOf(email);
        if (domain is null)
        {
            return null;
        }
        return await db.Set<SsoConnection>().AsNoTracking().Include(c => c.Domains)
            .Where(c => c.Enabled && c.Domains.Any(d => d.Domain == domain)).SingleOrDefaultAsync(ct);
    }

    public string UnprotectSecret(SsoConnection connection) => protection.CreateProtector(SecretPurpose).Unprotect(connection.ProtectedClientSecret);

    /// <summary>Is this an issuer we may talk to: https, or http on loopback when the settings allow it (tests, development).</summary>
    public static bool IssuerAllowed(string issuer, bool allowHttpLoopback, out Uri? uri) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out uri)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (allowHttpLoopback && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary>Creates or updates the organization's connection; nothing is saved unless every field is valid.</summary>
    public async Task<IReadOnlyList<FieldError>> SaveAsync(Guid organizationId, Guid actorId, SsoInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var issuer = input.Issuer?.Trim() ?? "";
        if (issuer.Length == 0 || issuer.Length > MaxIssuer || !IssuerAllowed(issuer, options.Value.AllowHttpLoopbackIssuers, out _))
        {
            errors.Add(new("Issuer", "Enter the provider's issuer as an https:// address without ? or #, e.g. https://login.example-hospital.org (500 characters at most)."));
        }
        var clientId = input.ClientId?.Trim() ?? "";
        if (clientId.Length is 0 or > 200)
        {
            errors.Add(new("ClientId", "Enter the client ID the provider gave this application (200 characters at most)."));
        }
        var existing = await db.Set<SsoConnection>().Include(c => c.Domains).SingleOrDefaultAsync(c => c.OrganizationId == organizationId, ct);
        var secret = input.ClientSecret?.Trim() ?? "";
        if ((existing is null && secret.Length == 0) || secret.Length > 1000)
        {
            errors.Add(new("ClientSecret", "Enter the client secret the provider gave this application (1,000 characters at most)."));
        }
        var domains = ParseDomains(input.Domains, errors);
        if (domains.Count > 0)
        {
            var taken = await db.Set<SsoDomain>().AsNoTracking().Where(d => domains.Contains(d.Domain) && d.OrganizationId != organizationId)
                .Select(d => d.Domain).OrderBy(d => d).ToListAsync(ct);
            if (taken.Count > 0)
            {
                errors.Add(new("Domains", $"Already registered by another organization: {string.Join(", ", taken)}. Each domain can belong to one organization; contact support if it is yours."));
            }
        }
        if (input.DefaultJobRoleId is { } roleId && !await db.Set<JobRole>().AnyAsync(r => r.Id == roleId && r.OrganizationId == organizationId, ct))
        {
            errors.Add(new("DefaultJobRoleId", "Choose one of this organization's job roles, or none."));
        }
        var acr = string.IsNullOrWhiteSpace(input.MfaAcr) ? null : input.MfaAcr.Trim();
        if (acr is { Length: > 200 })
        {
            errors.Add(new("MfaAcr", "The acr value is 200 characters at most."));
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        var connection = existing ?? new SsoConnection { OrganizationId = organizationId };
        var wasEnabled = existing?.Enabled == true;
        var issuerChanged = existing is not null && existing.Issuer != issuer;
        connection.Issuer = issuer;
        connection.ClientId = clientId;
        if (secret.Length > 0)
        {
            connection.ProtectedClientSecret = protection.CreateProtector(SecretPurpose).Protect(secret);
        }
        connection.DefaultJobRoleId = input.DefaultJobRoleId;
        connection.MfaAcr = acr;
        connection.Enabled = input.Enabled;
        connection.UpdatedAt = clock.GetUtcNow();
        connection.Domains.RemoveAll(d => !domains.Contains(d.Domain));
        foreach (var domain in domains.Where(d => connection.Domains.All(x => x.Domain != d)))
        {
            connection.Domains.Add(new SsoDomain { Domain = domain, OrganizationId = organizationId });
        }
        if (existing is null)
        {
            db.Add(connection);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another organization registered one of these domains a moment ago.
            return [new("Domains", "One of these domains was just registered by another organization. Check the list and save again.")];
        }
        await audit.RecordAsync(SecurityEventKind.SsoConnectionChanged, actorId, null,
            $"organization {organizationId}: {(connection.Enabled ? "enabled" : "disabled")}, issuer {issuer}, domains {string.Join(" ", domains)}");
        // Turning the connection off (or pointing it at another provider) ends the sessions it started.
        if ((wasEnabled && !connection.Enabled) || issuerChanged)
        {
            await EndLinkedSessionsAsync(organizationId, ct);
        }
        await schemes.RefreshAsync(organizationId, ct);
        return [];
    }

    /// <summary>Ends every session of the people who sign in through this organization's provider (new security stamp).</summary>
    private async Task EndLinkedSessionsAsync(Guid organizationId, CancellationToken ct)
    {
        var linked = await db.Set<SsoLink>().AsNoTracking().Where(l => l.OrganizationId == organizationId).Select(l => l.UserId).Distinct().ToListAsync(ct);
        foreach (var userId in linked)
        {
            if (await users.FindByIdAsync(userId.ToString()) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
            }
            await sessions.EndAllAsync(userId, null, ct);
        }
    }

    private static List<string> ParseDomains(string? text, List<FieldError> errors)
    {
        var idn = new IdnMapping();
        var result = new List<string>();
        var bad = new List<string>();
        foreach (var raw in (text ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var part = raw.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();
            string ascii;
            try
            {
                ascii = idn.GetAscii(part);
            }
            catch (ArgumentException)
            {
                bad.Add(raw);
                continue;
            }
            if (!DomainPattern().IsMatch(ascii) || SharedMailDomains.Contains(ascii))
            {
                bad.Add(raw);
                continue;
            }
            if (!result.Contains(ascii))
            {
                result.Add(ascii);
            }
        }
        if (bad.Count > 0)
        {
            errors.Add(new("Domains", $"Not a domain this organization can register: {string.Join(", ", bad.Take(5))}. Enter domains like example-hospital.org, one per line (public mail services such as gmail.com cannot be registered)."));
        }
        else if (result.Count == 0)
        {
            errors.Add(new("Domains", "Enter at least one e-mail domain the provider owns, e.g. example-hospital.org."));
        }
        else if (result.Count > MaxDomains)
        {
            errors.Add(new("Domains", $"Enter {MaxDomains} domains at most."));
        }
        return result;
    }
}
