using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Features.Organizations;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.IntegrationTests.Features.Sso;

/// <summary>
/// Sign-in through an organization's OpenID provider (issue 23), against a real provider process (tests/oidc-provider):
/// just-in-time accounts, every way the round trip can be wrong, linking only with proof, the director's two-step rule,
/// and sessions that end with the membership or the connection.
/// </summary>
public sealed class SsoTests(AppFixture fixture, OidcProviderFixture oidc) : AppTest(fixture), IClassFixture<OidcProviderFixture>
{
    private OidcTestProvider Provider => oidc.Provider;

    private sealed record SsoOrg(Guid Id, AppUser Director, string Domain, Guid JobRoleId, string ClientId, string Secret);

    private async Task<SsoOrg> OrganizationWithSsoAsync(string? acr = null, string? issuer = null)
    {
        var (orgId, director) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Hospital " + Guid.NewGuid().ToString("N")[..8]);
        var domain = "h" + Guid.NewGuid().ToString("N")[..10] + ".test";
        var clientId = "rt-" + Guid.NewGuid().ToString("N");
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        await Provider.AddClientAsync(clientId, secret, "http://localhost" + SsoSchemes.CallbackPath(orgId));
        using var scope = Factory.Services.CreateScope();
        var role = await scope.ServiceProvider.GetRequiredService<OrganizationService>().AddJobRoleAsync(orgId, "Nurse", CancellationToken.None);
        Assert.True(role.Ok, role.Error);
        var errors = await scope.ServiceProvider.GetRequiredService<SsoDirectory>().SaveAsync(orgId, director.Id,
            new SsoInput(issuer ?? Provider.Issuer, clientId, secret, domain, role.Value, acr, Enabled: true), CancellationToken.None);
        Assert.Empty(errors);
        return new SsoOrg(orgId, director, domain, role.Value, clientId, secret);
    }

    private static string NewAddress(SsoOrg org, string prefix = "nurse") => $"{prefix}-{Guid.NewGuid():N}@{org.Domain}";

    private static void AssertFailedPage((HttpResponseMessage Response, Uri Url) result)
    {
        Assert.Equal(SsoOidcEvents.FailedPath, result.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.BadRequest, result.Response.StatusCode);
    }

    private static string RefusalOf(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "id=\"sso-refusal\">([^<]*)<").Groups[1].Value is { Length: > 0 } m ? m : html[..Math.Min(html.Length, 300)];

    private Task<int> AccountsWithAsync(string email) => QueryAsync(db => db.Users.CountAsync(u => u.Email == email));

    [Fact]
    public async Task FirstSignIn_WithAVerifiedAddressOfTheDomain_CreatesTheMember_WithTheDefaultJobRole_AndLinksBySubject()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        var sub = "sub-" + Guid.NewGuid().ToString("N");
        await Provider.AddAccountAsync(sub, email, emailVerified: true, "Rosa", "Diaz");
        using var browser = new SsoBrowser(Factory);

        var (response, url) = await browser.SignInAsync(email, sub);

        Assert.True(url.AbsolutePath == "/accounts/profile", RefusalOf(await response.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await QueryAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.True(user.EmailConfirmed);
        Assert.Equal(("Rosa", "Diaz"), (user.GivenName, user.FamilyName));
        Assert.Null(user.PasswordHash);
        var member = await QueryAsync(db => db.Set<OrganizationMember>().SingleAsync(m => m.UserId == user.Id));
        Assert.Equal((org.Id, OrganizationRole.Staff, (Guid?)org.JobRoleId), (member.OrganizationId, member.Role, member.JobRoleId));
        var link = await QueryAsync(db => db.Set<SsoLink>().SingleAsync(l => l.UserId == user.Id));
        Assert.Equal((Provider.Issuer, sub), (link.Issuer, link.Subject));
        // The request went by the back channel (pushed authorization request, the provider offers it): the browser
        // only carried a request_uri; the answer came back with a code and our state.
        var authorize = browser.Visited.First(u => u.AbsolutePath == "/auth");
        Assert.Contains("request_uri=", authorize.Query, StringComparison.Ordinal);
        var callback = browser.Visited.Single(u => u.AbsolutePath.StartsWith("/signin-oidc/", StringComparison.Ordinal));
        Assert.Contains("code=", callback.Query, StringComparison.Ordinal);
        Assert.Contains("state=", callback.Query, StringComparison.Ordinal);

        // Next time the subject, not the address, finds the account: a changed address at the provider still opens it.
        await Provider.AddAccountAsync(sub, NewAddress(org, "renamed"), emailVerified: true);
        using var again = new SsoBrowser(Factory);
        var (_, secondUrl) = await again.SignInAsync(email, sub);
        Assert.Equal("/accounts/profile", secondUrl.AbsolutePath);
        Assert.Equal(1, await AccountsWithAsync(email));
    }

    [Fact]
    public async Task AnIdTokenForAnotherAudience_IsRefused()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        await Provider.TamperNextIdTokenAsync(claims: new { aud = "some-other-client" });
        using var browser = new SsoBrowser(Factory);

        AssertFailedPage(await browser.SignInAsync(email, email));

        Assert.Equal(0, await AccountsWithAsync(email));
        Assert.False(await browser.SignedInAsync());
    }

    [Fact]
    public async Task AnExpiredIdToken_IsRefused()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        await Provider.TamperNextIdTokenAsync(expired: true);
        using var browser = new SsoBrowser(Factory);

        AssertFailedPage(await browser.SignInAsync(email, email));

        Assert.Equal(0, await AccountsWithAsync(email));
    }

    [Fact]
    public async Task AnIdTokenWithAnotherNonce_IsRefused()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        await Provider.TamperNextIdTokenAsync(claims: new { nonce = "a-nonce-from-another-sign-in" });
        using var browser = new SsoBrowser(Factory);

        AssertFailedPage(await browser.SignInAsync(email, email));

        Assert.Equal(0, await AccountsWithAsync(email));
    }

    [Fact]
    public async Task AnIdTokenSignedWithAKeyTheProviderNeverPublished_IsNotAccepted_AndTheSignInStartsOverOnce()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        var forged = "forged-" + Guid.NewGuid().ToString("N");
        await Provider.TamperNextIdTokenAsync(claims: new { sub = forged }, unknownKey: true);
        using var browser = new SsoBrowser(Factory);

        var (_, url) = await browser.SignInAsync(email, email);

        // The unknown key may be a rotation: the handler asks for fresh keys and the sign-in starts over once, and the
        // provider's genuine token then opens the account; the forged subject is never linked.
        Assert.Contains(browser.Visited, u => u.AbsolutePath == "/accounts/sso/start" && u.Query.Contains("retry=1", StringComparison.Ordinal));
        Assert.Equal("/accounts/profile", url.AbsolutePath);
        Assert.False(await QueryAsync(db => db.Set<SsoLink>().AnyAsync(l => l.Subject == forged)));
        Assert.Equal(email, (await QueryAsync(db => db.Set<SsoLink>().Where(l => l.OrganizationId == org.Id).Join(db.Users, l => l.UserId, u => u.Id, (l, u) => u.Email).SingleAsync())));
    }

    [Fact]
    public async Task AReplayedCallback_IsRefused_AndABadState_IsRefused()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        using var browser = new SsoBrowser(Factory);
        var (_, url) = await browser.SignInAsync(email, email);
        Assert.Equal("/accounts/profile", url.AbsolutePath);
        var callback = browser.Visited.Single(u => u.AbsolutePath.StartsWith("/signin-oidc/", StringComparison.Ordinal));

        // The same code and state again, from the same browser and from another one.
        var replay = await browser.App.Http.GetAsync(callback.PathAndQuery);
        Assert.Equal(SsoOidcEvents.FailedPath, replay.Headers.Location?.OriginalString);
        using var attacker = new SsoBrowser(Factory);
        var stolen = await attacker.App.Http.GetAsync(callback.PathAndQuery);
        Assert.Equal(SsoOidcEvents.FailedPath, stolen.Headers.Location?.OriginalString);
        Assert.False(await attacker.SignedInAsync());

        // A state that is not the one we sent.
        using var other = new SsoBrowser(Factory);
        var result = await other.SignInAsync(NewAddress(org), NewAddress(org), rewriteCallback: u =>
            new Uri(u.GetLeftPart(UriPartial.Path) + System.Text.RegularExpressions.Regex.Replace(u.Query, "state=[^&]+", "state=CfDJ8forged")));
        AssertFailedPage(result);
        Assert.False(await other.SignedInAsync());
        Assert.Contains(Factory.SecurityRefusals(), r => r.Message.Contains("organization sign-in failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnverifiedAddress_CreatesNothing_AndSaysWhy()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        var sub = "sub-" + Guid.NewGuid().ToString("N");
        await Provider.AddAccountAsync(sub, email, emailVerified: false);
        using var browser = new SsoBrowser(Factory);

        var (response, url) = await browser.SignInAsync(email, sub);

        Assert.Equal("/accounts/sso/complete", url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("did not confirm your e-mail address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await AccountsWithAsync(email));
        Assert.False(await browser.SignedInAsync());
    }

    [Fact]
    public async Task AnAddressOfAnotherOrganizationsDomain_IsRefused_ByThisOrganizationsProvider()
    {
        var org = await OrganizationWithSsoAsync();
        var other = await OrganizationWithSsoAsync();
        var foreign = NewAddress(other);
        var sub = "sub-" + Guid.NewGuid().ToString("N");
        // Org's provider asserts an address of the other organization's domain.
        await Provider.AddAccountAsync(sub, foreign, emailVerified: true);
        using var browser = new SsoBrowser(Factory);

        var (response, url) = await browser.SignInAsync(NewAddress(org), sub);

        Assert.Equal("/accounts/sso/complete", url.AbsolutePath);
        Assert.Contains("not one of the e-mail domains", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await AccountsWithAsync(foreign));
        Assert.False(await QueryAsync(db => db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == other.Id && m.Role == OrganizationRole.Staff)));
    }

    [Fact]
    public async Task AProviderThatIsDown_GetsAClearMessage_AndPasswordSignInStillWorks()
    {
        // Port 9 (discard) on loopback: nothing listens there.
        var org = await OrganizationWithSsoAsync(issuer: "http://127.0.0.1:9");
        using var browser = new SsoBrowser(Factory);

        var (response, page) = await browser.App.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = NewAddress(org) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(SsoSignIn.ProviderDownMessage, page.QuerySelector(".error-summary")?.TextContent ?? "", StringComparison.Ordinal);
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var other = PageClient.For(Factory);
        await other.SignInAsync(clinician.Email!);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/accounts/profile")).Response.StatusCode);
    }

    [Fact]
    public async Task AfterTheProviderRotatesItsKeys_SignInStillWorks()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        using var first = new SsoBrowser(Factory);
        Assert.Equal("/accounts/profile", (await first.SignInAsync(email, email)).Url.AbsolutePath);

        await Provider.RotateKeysAsync();
        Factory.Clock.Advance(TimeSpan.FromMinutes(2)); // past the spacing between forced key fetches
        using var second = new SsoBrowser(Factory);
        var (response, url) = await second.SignInAsync(email, email);

        Assert.Equal("/accounts/profile", url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await AccountsWithAsync(email));
    }

    [Fact]
    public async Task AnExistingAccount_IsNotLinkedByItsAddress_ButAfterItsPassword()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        var existing = await Factory.CreateUserAsync(Roles.Clinician, email);
        var sub = "sub-" + Guid.NewGuid().ToString("N");
        await Provider.AddAccountAsync(sub, email, emailVerified: true);
        using var browser = new SsoBrowser(Factory);

        var (_, url) = await browser.SignInAsync(email, sub);

        Assert.Equal("/accounts/sso/link", url.AbsolutePath);
        Assert.False(await browser.SignedInAsync());
        Assert.False(await QueryAsync(db => db.Set<SsoLink>().AnyAsync(l => l.UserId == existing.Id)));

        var (wrong, wrongPage) = await browser.App.SubmitAsync("/accounts/sso/link", new Dictionary<string, string> { ["Password"] = "not the password at all" }, "#link-password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.NotNull(PageClient.FieldError(wrongPage, "Password"));
        Assert.False(await QueryAsync(db => db.Set<SsoLink>().AnyAsync(l => l.UserId == existing.Id)));
        Assert.False(await browser.SignedInAsync());

        var (linked, _) = await browser.App.SubmitAsync("/accounts/sso/link", new Dictionary<string, string> { ["Password"] = AppFactory.Password }, "#link-password");
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.True(await browser.SignedInAsync());
        var link = await QueryAsync(db => db.Set<SsoLink>().SingleAsync(l => l.UserId == existing.Id));
        Assert.Equal(sub, link.Subject);
        Assert.True(await QueryAsync(db => db.Set<OrganizationMember>().AnyAsync(m => m.UserId == existing.Id && m.OrganizationId == org.Id)));
    }

    [Fact]
    public async Task AnExistingAccount_CanBeLinkedByTheMailedLink_AndOnlyByItsButton()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        var existing = await Factory.CreateUserAsync(Roles.Clinician, email);
        var sub = "sub-" + Guid.NewGuid().ToString("N");
        await Provider.AddAccountAsync(sub, email, emailVerified: true);
        using var browser = new SsoBrowser(Factory);
        Assert.Equal("/accounts/sso/link", (await browser.SignInAsync(email, sub)).Url.AbsolutePath);

        var (mailed, mailedPage) = await browser.App.SubmitAsync("/accounts/sso/link", new Dictionary<string, string>(), "#link-mail");
        Assert.Equal(HttpStatusCode.OK, mailed.StatusCode);
        Assert.NotNull(mailedPage.QuerySelector("#link-mailed"));
        var body = await QueryAsync(db => db.OutboundEmails.Where(e => e.To == email && e.TextBody.Contains("/accounts/sso/link/confirm?token=")).Select(e => e.TextBody).SingleAsync());
        var link = System.Text.RegularExpressions.Regex.Match(body, @"/accounts/sso/link/confirm\?token=[^\s]+").Value;

        // Opening the link (a mail scanner) links nothing; a forged token links nothing.
        using var reader = PageClient.For(Factory);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(link)).Response.StatusCode);
        Assert.False(await QueryAsync(db => db.Set<SsoLink>().AnyAsync(l => l.UserId == existing.Id)));
        var (forged, _) = await reader.SubmitAsync("/accounts/sso/link/confirm?token=forged", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var (confirmed, confirmedPage) = await reader.SubmitAsync(link, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.NotNull(confirmedPage.QuerySelector("#link-confirmed"));
        Assert.Equal(sub, (await QueryAsync(db => db.Set<SsoLink>().SingleAsync(l => l.UserId == existing.Id))).Subject);

        using var later = new SsoBrowser(Factory);
        Assert.Equal("/accounts/profile", (await later.SignInAsync(email, sub)).Url.AbsolutePath);
    }

    private async Task<(AppUser Director, string Sub)> LinkedDirectorAsync(SsoOrg org)
    {
        var email = NewAddress(org, "director");
        var director = await Factory.CreateUserAsync(Roles.ProgramDirector, email);
        var sub = "sub-" + Guid.NewGuid().ToString("N");
        await Provider.AddAccountAsync(sub, email, emailVerified: true);
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Data.AppDbContext>();
        db.Add(new OrganizationMember { OrganizationId = org.Id, UserId = director.Id, Role = OrganizationRole.Director, JoinedAt = DateTimeOffset.UtcNow });
        db.Add(new SsoLink { Issuer = Provider.Issuer, Subject = sub, UserId = director.Id, OrganizationId = org.Id, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return (director, sub);
    }

    [Fact]
    public async Task ADirector_WithoutASecondFactorAtTheProvider_IsAskedForTheirCodeHere()
    {
        var org = await OrganizationWithSsoAsync(acr: "urn:example:strong");
        var (director, sub) = await LinkedDirectorAsync(org);
        using var browser = new SsoBrowser(Factory);

        var (_, url) = await browser.SignInAsync(director.Email!, sub, returnUrl: $"/organizations/{org.Id}");

        Assert.Equal("/accounts/two-factor", url.AbsolutePath);
        Assert.NotEqual(HttpStatusCode.OK, (await browser.App.GetAsync($"/organizations/{org.Id}")).Response.StatusCode);
        var (code, _) = await browser.App.SubmitAsync(url.PathAndQuery, new Dictionary<string, string> { ["Input.Code"] = await Factory.NextTotpCodeAsync(director.Email!) });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.App.GetAsync($"/organizations/{org.Id}")).Response.StatusCode);
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "urn:example:strong")]
    public async Task ADirector_WhoseProviderSaysMfa_OrTheOrganizationsAcr_NeedsNoSecondStepHere(bool amrMfa, string? acr)
    {
        var org = await OrganizationWithSsoAsync(acr: "urn:example:strong");
        var (director, sub) = await LinkedDirectorAsync(org);
        using var browser = new SsoBrowser(Factory);

        var (response, url) = await browser.SignInAsync(director.Email!, sub, mfa: amrMfa, acr: acr, returnUrl: $"/organizations/{org.Id}");

        Assert.Equal($"/organizations/{org.Id}", url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RemovingTheMember_EndsTheirSession_AndTheProviderCannotBringThemBack()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        using var browser = new SsoBrowser(Factory);
        Assert.Equal("/accounts/profile", (await browser.SignInAsync(email, email)).Url.AbsolutePath);
        var user = await QueryAsync(db => db.Users.SingleAsync(u => u.Email == email));

        using (var scope = Factory.Services.CreateScope())
        {
            var removed = await scope.ServiceProvider.GetRequiredService<OrganizationService>().RemoveMemberAsync(org.Id, user.Id, CancellationToken.None);
            Assert.True(removed.Ok, removed.Error);
        }

        Assert.False(await browser.SignedInAsync());
        using var again = new SsoBrowser(Factory);
        var (response, url) = await again.SignInAsync(email, email);
        Assert.Equal("/accounts/sso/complete", url.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await again.SignedInAsync());
    }

    [Fact]
    public async Task DisablingTheConnection_EndsTheSessionsItStarted_AndSendsTheDomainToThePasswordForm()
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        using var browser = new SsoBrowser(Factory);
        Assert.Equal("/accounts/profile", (await browser.SignInAsync(email, email)).Url.AbsolutePath);

        using (var scope = Factory.Services.CreateScope())
        {
            var errors = await scope.ServiceProvider.GetRequiredService<SsoDirectory>().SaveAsync(org.Id, org.Director.Id,
                new SsoInput(Provider.Issuer, org.ClientId, null, org.Domain, org.JobRoleId, null, Enabled: false), CancellationToken.None);
            Assert.Empty(errors);
        }

        Assert.False(await browser.SignedInAsync());
        using var again = new SsoBrowser(Factory);
        var (response, page) = await again.App.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Enter your password.", PageClient.FieldError(page, "Input_Password"));
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example")]
    public async Task TheReturnUrl_CannotLeaveTheSite(string returnUrl)
    {
        var org = await OrganizationWithSsoAsync();
        var email = NewAddress(org);
        using var browser = new SsoBrowser(Factory);

        var (_, url) = await browser.SignInAsync(email, email, returnUrl: returnUrl);

        Assert.Equal("localhost", url.Host);
        Assert.DoesNotContain(browser.Visited, u => u.Host == "evil.example");
        Assert.True(await browser.SignedInAsync());
    }

    [Fact]
    public async Task TheSettingsPage_ValidatesEverything_AndSavesNothingHalfway()
    {
        var (orgId, director) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Hospital " + Guid.NewGuid().ToString("N")[..8]);
        var taken = await OrganizationWithSsoAsync();
        using var page = PageClient.For(Factory);
        await page.SignInAsync(director.Email!);

        var (response, document) = await page.SubmitAsync($"/organizations/{orgId}/sso", new Dictionary<string, string>
        {
            ["Issuer"] = "http://login.example.org",
            ["ClientId"] = "",
            ["ClientSecret"] = "",
            ["Domains"] = $"gmail.com\n{taken.Domain}",
            ["Enabled"] = "true",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(PageClient.FieldError(document, "Issuer"));
        Assert.NotNull(PageClient.FieldError(document, "ClientId"));
        Assert.NotNull(PageClient.FieldError(document, "ClientSecret"));
        Assert.False(await QueryAsync(db => db.Set<SsoConnection>().AnyAsync(c => c.OrganizationId == orgId)));

        var (saved, savedPage) = await page.SubmitAsync($"/organizations/{orgId}/sso", new Dictionary<string, string>
        {
            ["Issuer"] = "https://login.example-hospital.org/realms/staff",
            ["ClientId"] = "referraltraining",
            ["ClientSecret"] = "a-secret-that-must-not-be-stored-in-clear",
            ["Domains"] = "Example-Hospital.org\n@clinic.example-hospital.org",
            ["Enabled"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotNull(savedPage.QuerySelector("#sso-saved"));
        Assert.Equal($"http://localhost/signin-oidc/{orgId:N}", savedPage.QuerySelector("#redirect-uri")?.TextContent);
        var connection = await QueryAsync(db => db.Set<SsoConnection>().Include(c => c.Domains).SingleAsync(c => c.OrganizationId == orgId));
        Assert.Equal(["clinic.example-hospital.org", "example-hospital.org"], connection.Domains.Select(d => d.Domain).Order());
        Assert.DoesNotContain("a-secret-that-must-not-be-stored-in-clear", connection.ProtectedClientSecret, StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret-that-must-not-be-stored-in-clear", savedPage.Source.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherOrganizationsDirector_CannotSeeOrChangeTheSettings()
    {
        var org = await OrganizationWithSsoAsync();
        var (_, stranger) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Other " + Guid.NewGuid().ToString("N")[..8]);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(stranger.Email!);

        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/organizations/{org.Id}/sso")).Response.StatusCode);
        var token = await page.AntiforgeryTokenAsync();
        var (posted, _) = await page.PostAsync($"/organizations/{org.Id}/sso", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Issuer"] = "https://evil.example", ["ClientId"] = "x", ["ClientSecret"] = "y", ["Domains"] = "evil.example", ["Enabled"] = "true",
        });
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal(Provider.Issuer, (await QueryAsync(db => db.Set<SsoConnection>().SingleAsync(c => c.OrganizationId == org.Id))).Issuer);
    }
}
