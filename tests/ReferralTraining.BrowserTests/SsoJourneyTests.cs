using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Sso;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

/// <summary>
/// Single sign-on in Chromium (issue 23) against a real OpenID provider on another loopback port: the address first,
/// the provider's own sign-in page, back signed in as a new member; and a provider that is down.
/// </summary>
public sealed class SsoJourneyTests(BrowserFixture fixture, SsoJourneyTests.ProviderFixture oidc) : BrowserTest(fixture), IClassFixture<SsoJourneyTests.ProviderFixture>
{
    public sealed class ProviderFixture : IAsyncLifetime
    {
        public OidcTestProvider Provider { get; private set; } = default!;
        public async Task InitializeAsync() => Provider = await OidcTestProvider.StartAsync();
        public async Task DisposeAsync() => await Provider.DisposeAsync();
    }

    private async Task<(Guid OrgId, string Domain)> OrganizationWithSsoAsync(string? issuer = null)
    {
        var factory = Fixture.Factory;
        var director = await factory.CreateUserAsync(Roles.ProgramDirector);
        var admin = await factory.CreateUserAsync(Roles.Admin);
        using var scope = factory.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<OrganizationService>().CreateOrganizationAsync("Lakeside Hospital " + Guid.NewGuid().ToString("N")[..6], director.Email, admin.Id, CancellationToken.None);
        Assert.True(created.Ok, created.Error);
        var domain = "h" + Guid.NewGuid().ToString("N")[..10] + ".test";
        var clientId = "rt-" + Guid.NewGuid().ToString("N");
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        await oidc.Provider.AddClientAsync(clientId, secret, Fixture.BaseUrl + SsoSchemes.CallbackPath(created.Value));
        var errors = await scope.ServiceProvider.GetRequiredService<SsoDirectory>().SaveAsync(created.Value, director.Id,
            new SsoInput(issuer ?? oidc.Provider.Issuer, clientId, secret, domain, null, null, Enabled: true), CancellationToken.None);
        Assert.Empty(errors);
        return (created.Value, domain);
    }

    [Fact]
    public Task AStaffMember_EntersTheirWorkAddress_SignsInAtTheProvider_AndArrivesAsAMember() => JourneyAsync(nameof(AStaffMember_EntersTheirWorkAddress_SignsInAtTheProvider_AndArrivesAsAMember), async () =>
    {
        var (orgId, domain) = await OrganizationWithSsoAsync();
        var email = $"jordan-{Guid.NewGuid():N}@{domain}";

        var cspViolations = new List<string>();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspViolations.Add(message.Text);
            }
        };
        await Page.GotoAsync("/accounts/login?returnUrl=%2Faccounts%2Fprofile");
        await Page.GetByLabel("E-mail address").FillAsync(email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The provider's own page, on its own origin, with the address passed as the login hint.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Test provider sign-in" })).ToBeVisibleAsync();
        Assert.StartsWith(oidc.Provider.Issuer, Page.Url, StringComparison.Ordinal);
        await Expect(Page.Locator("#login")).ToHaveValueAsync(email);
        await Page.Locator("#submit").ClickAsync();

        await Expect(Page).ToHaveURLAsync(Fixture.BaseUrl + "/accounts/profile");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Data.AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.True(await db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == orgId && m.UserId == user.Id));
        Assert.Empty(cspViolations);
    });

    [Fact]
    public Task AProviderThatIsDown_IsExplainedOnTheSignInPage_AndPasswordsStillWork() => JourneyAsync(nameof(AProviderThatIsDown_IsExplainedOnTheSignInPage_AndPasswordsStillWork), async () =>
    {
        var (_, domain) = await OrganizationWithSsoAsync(issuer: "http://127.0.0.1:9");

        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync($"sam@{domain}");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("sign-in service is not answering");
        await AssertAccessibleAsync();

        var clinician = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
        await Page.GetByLabel("E-mail address").FillAsync(clinician.Email!);
        await Page.GetByLabel("Password").FillAsync(AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/accounts/login"));
    });
}
