using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Sso;

/// <summary>
/// One OpenID Connect authentication scheme per organization, added when first needed and rebuilt when the stored
/// connection changed (ADR-029). Every instance reads the row itself, so a change made on one instance reaches the others
/// at their next sign-in or callback for that organization.
/// </summary>
public sealed class SsoSchemes(IAuthenticationSchemeProvider schemes, IOptionsMonitorCache<OpenIdConnectOptions> optionsCache, IServiceScopeFactory scopes)
{
    public const string Prefix = "sso-";
    public const string CallbackPrefix = "/signin-oidc/";

    private readonly ConcurrentDictionary<Guid, SsoSnapshot> current = new();
    private readonly SemaphoreSlim gate = new(1, 1);

    public static string SchemeName(Guid organizationId) => Prefix + organizationId.ToString("N");
    public static string CallbackPath(Guid organizationId) => CallbackPrefix + organizationId.ToString("N");

    public static Guid? OrganizationOf(string? schemeName) =>
        schemeName is not null && schemeName.StartsWith(Prefix, StringComparison.Ordinal) && Guid.TryParseExact(schemeName[Prefix.Length..], "N", out var id) ? id : null;

    public bool TryGet(string? schemeName, out SsoSnapshot snapshot)
    {
        snapshot = default!;
        return OrganizationOf(schemeName) is { } id && current.TryGetValue(id, out snapshot!);
    }

    /// <summary>The organization's scheme, up to date with its row; null when it has no enabled connection (the scheme is removed).</summary>
    public async Task<string?> EnsureAsync(Guid organizationId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Set<SsoConnection>().AsNoTracking().SingleOrDefaultAsync(c => c.OrganizationId == organizationId, ct);
        var name = SchemeName(organizationId);
        if (row is null || !row.Enabled)
        {
            await RemoveAsync(organizationId, ct);
            return null;
        }
        if (current.TryGetValue(organizationId, out var known) && known.UpdatedAt == row.UpdatedAt && await schemes.GetSchemeAsync(name) is not null)
        {
            return name;
        }
        var secret = scope.ServiceProvider.GetRequiredService<SsoDirectory>().UnprotectSecret(row);
        await gate.WaitAsync(ct);
        try
        {
            current[organizationId] = new SsoSnapshot(organizationId, row.Issuer, row.ClientId, secret, row.UpdatedAt);
            // The handler's options (and with them the provider's cached keys) are rebuilt from the new snapshot.
            optionsCache.TryRemove(name);
            if (await schemes.GetSchemeAsync(name) is null)
            {
                schemes.TryAddScheme(new AuthenticationScheme(name, "Organization sign-in", typeof(OpenIdConnectHandler)));
            }
        }
        finally
        {
            gate.Release();
        }
        return name;
    }

    /// <summary>After a save: the scheme follows the row at once on this instance.</summary>
    public Task RefreshAsync(Guid organizationId, CancellationToken ct) => EnsureAsync(organizationId, ct);

    private async Task RemoveAsync(Guid organizationId, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            current.TryRemove(organizationId, out _);
            optionsCache.TryRemove(SchemeName(organizationId));
            schemes.RemoveScheme(SchemeName(organizationId));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Before authentication: a callback for an organization whose scheme this instance has not added yet (another
    /// instance started the sign-in, or this one restarted) gets it now; a disabled one gets none and ends in a 404.
    /// </summary>
    public static IApplicationBuilder UseSsoCallbacks(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path.Value;
        if (path is not null && path.StartsWith(CallbackPrefix, StringComparison.OrdinalIgnoreCase)
            && Guid.TryParseExact(path[CallbackPrefix.Length..].TrimEnd('/'), "N", out var organizationId))
        {
            await context.RequestServices.GetRequiredService<SsoSchemes>().EnsureAsync(organizationId, context.RequestAborted);
        }
        await next();
    });
}
