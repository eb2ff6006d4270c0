using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ReferralTraining.Web.Features.Sso;

/// <summary>
/// A provider's discovery document and keys, fetched when missing, older than the maximum age, or after the handler met
/// a token signed with an unknown key (rotation). Unlike IdentityModel's manager, a due fetch happens in the request
/// that needs it (not in the background), so the sign-in right after a rotation already sees the new key; forced
/// fetches are spaced by <see cref="SsoOptions.ForcedRefreshSeconds"/> on the app's clock.
/// </summary>
public sealed class SsoConfigurationManager(string metadataAddress, HttpClient http, bool requireHttps, TimeProvider clock, TimeSpan maxAge, TimeSpan forcedSpacing)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private OpenIdConnectConfiguration? configuration;
    private DateTimeOffset fetchedAt;
    private volatile bool refreshRequested;

    private bool Fresh(DateTimeOffset now) => configuration is not null && !refreshRequested && now - fetchedAt < maxAge;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (Fresh(clock.GetUtcNow()))
        {
            return configuration!;
        }
        await gate.WaitAsync(cancel);
        try
        {
            var now = clock.GetUtcNow();
            if (Fresh(now))
            {
                return configuration!;
            }
            var retriever = new HttpDocumentRetriever(http) { RequireHttps = requireHttps };
            configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataAddress, retriever, cancel);
            fetchedAt = now;
            refreshRequested = false;
            return configuration;
        }
        finally
        {
            gate.Release();
        }
    }

    public void RequestRefresh()
    {
        if (configuration is null || clock.GetUtcNow() - fetchedAt >= forcedSpacing)
        {
            refreshRequested = true;
        }
    }
}
