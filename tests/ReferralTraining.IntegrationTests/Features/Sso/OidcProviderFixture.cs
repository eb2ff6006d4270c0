using ReferralTraining.Tests.Shared;

namespace ReferralTraining.IntegrationTests.Features.Sso;

/// <summary>One real OpenID provider process per test class, stopped with the class.</summary>
public sealed class OidcProviderFixture : IAsyncLifetime
{
    public OidcTestProvider Provider { get; private set; } = default!;

    public async Task InitializeAsync() => Provider = await OidcTestProvider.StartAsync();

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}
