using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.IntegrationTests.Infrastructure;

/// <summary>Output encoding, redirects, injection and cross-origin behaviour (ASVS V1, V3, V4).</summary>
public sealed class WebSecurityTests(AppFixture fixture) : AppTest(fixture)
{
    [Fact]
    public async Task MarkupTypedByAPerson_IsShownEncoded_NeverAsMarkup()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (saved, _) = await client.SubmitAsync("/accounts/profile", new Dictionary<string, string>
        {
            // Names refuse markup outright (PersonNames); free-text fields such as the license's board keep it as text.
            ["Input.GivenName"] = "Ana",
            ["Input.FamilyName"] = "Reyes",
            ["Input.Profession"] = "Counselor",
            ["Input.TimeZoneId"] = "America/New_York",
            ["Input.Licenses[0].IssuingAuthority"] = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>",
            ["Input.Licenses[0].Number"] = "T-1",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, profile) = await client.GetAsync("/accounts/profile");
        var html = profile.DocumentElement.OuterHtml;
        Assert.Empty(profile.QuerySelectorAll("main script"));
        Assert.Empty(profile.QuerySelectorAll("img[onerror]"));
        Assert.Equal("<script>alert(1)</script>\"><img src=x onerror=alert(2)>", profile.QuerySelector<IHtmlInputElement>("#Input_Licenses_0__IssuingAuthority")!.Value);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example")]
    public async Task SignIn_NeverRedirectsOffSite(string returnUrl)
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        var (response, _) = await client.SubmitAsync($"/accounts/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = AppFactory.Password,
            ["ReturnUrl"] = returnUrl,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SearchInput_IsAParameter_NotSql()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);
        var (response, page) = await client.GetAsync("/admin/accounts?q=" + Uri.EscapeDataString("' OR '1'='1' --"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(page.QuerySelectorAll("table tbody tr"));
        Assert.Contains("No account matches", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apis_GrantNoCrossOriginAccess()
    {
        using var client = Factory.CreateClient();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/verifications/bulk");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var response = await client.SendAsync(preflight);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/verifications/AAAA");
        get.Headers.Add("Origin", "https://evil.example");
        Assert.False((await client.SendAsync(get)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task PersonalPages_AreNotCached_AndSigningOutClearsTheBrowsersCopy()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (profile, _) = await client.GetAsync("/accounts/profile");
        Assert.True(profile.Headers.CacheControl?.NoStore, "the profile page may be cached");
        var (home, _) = await client.GetAsync("/");
        Assert.True(home.Headers.CacheControl?.NoStore, "a signed-in page may be cached");
        var (signedOut, _) = await client.SubmitAsync("/", new Dictionary<string, string>(), "form[action='/accounts/logout']");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("\"cache\", \"storage\"", signedOut.Headers.GetValues("Clear-Site-Data").Single());
        // After sign-out the old page is not reachable with the browser's back button: the server asks for sign-in.
        var (after, _) = await client.GetAsync("/accounts/profile");
        Assert.Contains("/accounts/login", after.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuerPrivateKeys_AreStoredEncrypted_NotAsKeyMaterial()
    {
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Web.Features.Certificates.Credentials.IssuerKeyStore>().GetSigningKeyAsync();
        }
        var stored = await QueryAsync(db => db.Set<Web.Features.Certificates.Credentials.IssuerKey>().Select(k => k.ProtectedPrivateKey).FirstAsync());
        using var ec = System.Security.Cryptography.ECDsa.Create();
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => ec.ImportPkcs8PrivateKey(stored, out _));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => ec.ImportECPrivateKey(stored, out _));
    }

    [Theory]
    [InlineData("/accounts/login", "Input_Password", "current-password")]
    [InlineData("/accounts/register", "Input_Password", "new-password")]
    public async Task PasswordFields_AreMasked_AndOpenToPasswordManagers(string path, string id, string autocomplete)
    {
        using var client = PageClient.For(Factory);
        var (_, page) = await client.GetAsync(path);
        var input = page.GetElementById(id) as IHtmlInputElement;
        Assert.NotNull(input);
        Assert.Equal("password", input.Type);
        Assert.Equal(autocomplete, input.GetAttribute("autocomplete"));
        Assert.Null(input.GetAttribute("maxlength"));
    }

    [Fact]
    public async Task DemoAccounts_AreRefusedOutsideDevelopment()
    {
        var host = await Fixture.ExtraHostAsync("rt_integration_seed_guard",
            settings: new Dictionary<string, string?> { ["Seed:Enabled"] = "true", ["BackgroundJobs:ServerEnabled"] = "false" });
        var error = Assert.ThrowsAny<Exception>(() => host.Server);
        Assert.Contains("Seed:Enabled may only be true in the Development environment.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPages_AndApiErrors_RevealNoInternals()
    {
        using var client = Factory.CreateClient();
        var page = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var api = await client.GetAsync("/api/v1/verifications/not-a-code");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        foreach (var body in new[] { await page.Content.ReadAsStringAsync(), await api.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
        }
    }
}
