using System.Net;
using System.Net.Sockets;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Features.Organizations;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.IntegrationTests.Features.Sso;

/// <summary>
/// An admin registers and edits any organization's provider with the director's form and validation; "Test connection"
/// (director and admin) checks the issuer against the real test provider, one that is down, one that never answers,
/// and a wrong issuer, and saves nothing.
/// </summary>
public sealed class SsoSettingsAdminTests(AppFixture fixture, OidcProviderFixture oidc) : AppTest(fixture), IClassFixture<OidcProviderFixture>
{
    private OidcTestProvider Provider => oidc.Provider;

    private static string? TestResult(IDocument page) => page.QuerySelector("#sso-test-result")?.GetAttribute("data-outcome");

    [Fact]
    public async Task AnAdmin_RegistersAndEditsAnOrganizationsProvider_WithTheDirectorsValidation()
    {
        var (orgId, _) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Hospital " + Guid.NewGuid().ToString("N")[..8]);
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(admin.Email!);
        var (list, listPage) = await page.GetAsync("/admin/organizations");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.NotNull(listPage.QuerySelector($"a[href='/admin/organizations/{orgId}/sso']"));

        // The same validation as the director's page: nothing is saved while a field is wrong.
        var (invalid, invalidPage) = await page.SubmitAsync($"/admin/organizations/{orgId}/sso", new Dictionary<string, string>
        {
            ["Issuer"] = "http://login.example.org", ["ClientId"] = "", ["ClientSecret"] = "", ["Domains"] = "gmail.com", ["Enabled"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.NotNull(PageClient.FieldError(invalidPage, "Issuer"));
        Assert.NotNull(PageClient.FieldError(invalidPage, "ClientId"));
        Assert.Contains("gmail.com", invalidPage.QuerySelector(".error-summary")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.Set<SsoConnection>().AnyAsync(c => c.OrganizationId == orgId)));

        var domain = "a" + Guid.NewGuid().ToString("N")[..10] + ".test";
        var (saved, savedPage) = await page.SubmitAsync($"/admin/organizations/{orgId}/sso", new Dictionary<string, string>
        {
            ["Issuer"] = Provider.Issuer, ["ClientId"] = "rt-admin", ["ClientSecret"] = "admin-typed-secret", ["Domains"] = domain, ["Enabled"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotNull(savedPage.QuerySelector("#sso-saved"));
        var connection = await QueryAsync(db => db.Set<SsoConnection>().Include(c => c.Domains).SingleAsync(c => c.OrganizationId == orgId));
        Assert.Equal((Provider.Issuer, "rt-admin", true), (connection.Issuer, connection.ClientId, connection.Enabled));
        Assert.Equal([domain], connection.Domains.Select(d => d.Domain));
        // The change is in the security log under the admin's name.
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.Kind == SecurityEventKind.SsoConnectionChanged && e.UserId == admin.Id)));

        // Editing: the admin turns it off; a blank secret keeps the stored one.
        var (edited, _) = await page.SubmitAsync($"/admin/organizations/{orgId}/sso", new Dictionary<string, string>
        {
            ["Issuer"] = Provider.Issuer, ["ClientId"] = "rt-admin-2", ["ClientSecret"] = "", ["Domains"] = domain, ["Enabled"] = "false",
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var after = await QueryAsync(db => db.Set<SsoConnection>().SingleAsync(c => c.OrganizationId == orgId));
        Assert.Equal(("rt-admin-2", false, connection.ProtectedClientSecret), (after.ClientId, after.Enabled, after.ProtectedClientSecret));
    }

    [Fact]
    public async Task TheAdminPage_IsForAdminsOnly()
    {
        var (orgId, director) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Hospital " + Guid.NewGuid().ToString("N")[..8]);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(director.Email!);
        var (response, _) = await page.GetAsync($"/admin/organizations/{orgId}/sso");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("access-denied", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnection_ReportsReachable_IssuerMismatch_Down_AndTimedOut_AndSavesNothing()
    {
        var (orgId, director) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Hospital " + Guid.NewGuid().ToString("N")[..8]);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(director.Email!);
        var token = await page.AntiforgeryTokenAsync();
        async Task<IDocument> TestAsync(string issuer)
        {
            var (response, document) = await page.PostAsync($"/organizations/{orgId}/sso?handler=Test", new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Issuer"] = issuer, ["ClientId"] = "x", ["Domains"] = "example-hospital.org",
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return document;
        }

        var reachable = await TestAsync(Provider.Issuer);
        Assert.Equal(nameof(SsoConnectionTestOutcome.Reachable), TestResult(reachable));
        Assert.Contains("issuer matches", reachable.QuerySelector("#sso-test-result")!.TextContent, StringComparison.Ordinal);

        var mismatch = await TestAsync(Provider.Issuer + "/");
        Assert.Equal(nameof(SsoConnectionTestOutcome.IssuerMismatch), TestResult(mismatch));
        Assert.Contains(Provider.Issuer, mismatch.QuerySelector("#sso-test-result")!.TextContent, StringComparison.Ordinal);

        // A provider that is down: nothing listens on the port.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Assert.Equal(nameof(SsoConnectionTestOutcome.Unreachable), TestResult(await TestAsync($"http://127.0.0.1:{closedPort}")));

        // A provider that accepts the connection and never answers: the test gives up after its timeout.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            Assert.Equal(nameof(SsoConnectionTestOutcome.TimedOut), TestResult(await TestAsync($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}")));
        }
        finally
        {
            silent.Stop();
        }

        Assert.Equal(nameof(SsoConnectionTestOutcome.InvalidIssuer), TestResult(await TestAsync("ftp://login.example.org")));
        Assert.False(await QueryAsync(db => db.Set<SsoConnection>().AnyAsync(c => c.OrganizationId == orgId)));
    }

    [Fact]
    public async Task TestConnection_ReportsNoKeys_AndNotADiscoveryDocument_FromAStubProvider()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var stub = builder.Build();
        string issuer = "";
        stub.MapGet("/keyless/.well-known/openid-configuration", () => Results.Json(new { issuer = issuer + "/keyless", jwks_uri = issuer + "/keyless/jwks" }));
        stub.MapGet("/keyless/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        stub.MapGet("/html/.well-known/openid-configuration", () => Results.Content("<html>sign in</html>", "text/html"));
        await stub.StartAsync();
        issuer = stub.Urls.Single().TrimEnd('/');

        using var scope = Factory.Services.CreateScope();
        var tester = scope.ServiceProvider.GetRequiredService<SsoConnectionTester>();
        Assert.Equal(SsoConnectionTestOutcome.NoKeys, (await tester.TestAsync(issuer + "/keyless", CancellationToken.None)).Outcome);
        Assert.Equal(SsoConnectionTestOutcome.NotADiscoveryDocument, (await tester.TestAsync(issuer + "/html", CancellationToken.None)).Outcome);
        Assert.Equal(SsoConnectionTestOutcome.Reachable, (await tester.TestAsync(Provider.Issuer, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task TestConnection_OnTheAdminPage_UsesTheStoredIssuer_WhenTheFieldIsBlank()
    {
        var (orgId, director) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Hospital " + Guid.NewGuid().ToString("N")[..8]);
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<SsoDirectory>().SaveAsync(orgId, director.Id,
                new SsoInput(Provider.Issuer, "rt-x", "secret-x", "s" + Guid.NewGuid().ToString("N")[..10] + ".test", null, null, Enabled: false), CancellationToken.None));
        }
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(admin.Email!);
        var token = await page.AntiforgeryTokenAsync();
        var (response, document) = await page.PostAsync($"/admin/organizations/{orgId}/sso?handler=Test", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Issuer"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(nameof(SsoConnectionTestOutcome.Reachable), TestResult(document));
    }
}
