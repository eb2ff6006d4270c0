using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Features.Organizations;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Scorm;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.IntegrationTests.Features.Sso;

/// <summary>
/// The security probe (ProbeFindingsTests, issue 15) extended to single sign-on and SCORM (issue 23), as an attacker
/// would try them: take over an account by asserting its address, replay a finished sign-in, leave the site through the
/// return URL, launch into an organization with another organization's package. Each asserts the refusal and that
/// nothing was written: no account, no link, no membership, no LMS learner, no session.
/// </summary>
public sealed class SsoScormProbeTests(AppFixture fixture, OidcProviderFixture oidc) : AppTest(fixture), IClassFixture<OidcProviderFixture>
{
    private OidcTestProvider Provider => oidc.Provider;

    private sealed record Org(Guid Id, AppUser Director, string Domain);

    private async Task<Org> OrganizationWithSsoAsync()
    {
        var (orgId, director) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Probe " + Guid.NewGuid().ToString("N")[..8]);
        var domain = "p" + Guid.NewGuid().ToString("N")[..10] + ".test";
        var clientId = "rt-" + Guid.NewGuid().ToString("N");
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        await Provider.AddClientAsync(clientId, secret, "http://localhost" + SsoSchemes.CallbackPath(orgId));
        using var scope = Factory.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<SsoDirectory>().SaveAsync(orgId, director.Id,
            new SsoInput(Provider.Issuer, clientId, secret, domain, null, null, Enabled: true), CancellationToken.None));
        return new Org(orgId, director, domain);
    }

    private Task<(int Users, int Links, int Members)> CountsAsync() => QueryAsync(async db =>
        (await db.Users.CountAsync(), await db.Set<SsoLink>().CountAsync(), await db.Set<OrganizationMember>().CountAsync()));

    [Fact]
    public async Task AnAssertedAddress_ThatMatchesAnExistingAccount_InAnyCase_IsNeverLinkedSilently()
    {
        var org = await OrganizationWithSsoAsync();
        var local = "victim-" + Guid.NewGuid().ToString("N")[..8];
        var victim = await Factory.CreateUserAsync(Roles.Clinician, $"{local}@{org.Domain}");
        var before = await CountsAsync();
        // The attacker controls an account at the provider whose (verified) address differs only in case.
        var sub = "attacker-" + Guid.NewGuid().ToString("N");
        await Provider.AddAccountAsync(sub, $"{local.ToUpperInvariant()}@{org.Domain.ToUpperInvariant()}", emailVerified: true);
        using var attacker = new SsoBrowser(Factory);

        var (_, url) = await attacker.SignInAsync(victim.Email!, sub);

        Assert.Equal("/accounts/sso/link", url.AbsolutePath);
        Assert.False(await attacker.SignedInAsync());
        // Proving nothing: the link page's password form without the victim's password links nothing.
        var (wrong, _) = await attacker.App.SubmitAsync("/accounts/sso/link", new Dictionary<string, string> { ["Password"] = "guessed-password-1" }, "#link-password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.False(await attacker.SignedInAsync());
        Assert.Equal(before, await CountsAsync());
        Assert.False(await QueryAsync(db => db.Set<SsoLink>().AnyAsync(l => l.UserId == victim.Id || l.Subject == sub)));
    }

    [Fact]
    public async Task AFinishedSignIn_ReplayedFromAnotherBrowser_OrWithAForgedState_WritesNothing()
    {
        var org = await OrganizationWithSsoAsync();
        var email = $"nurse-{Guid.NewGuid():N}@{org.Domain}";
        using var victim = new SsoBrowser(Factory);
        var (_, url) = await victim.SignInAsync(email, email);
        Assert.Equal("/accounts/profile", url.AbsolutePath);
        var callback = victim.Visited.Single(u => u.AbsolutePath.StartsWith("/signin-oidc/", StringComparison.Ordinal));
        var after = await CountsAsync();
        var sessions = await QueryAsync(db => db.Set<UserSession>().CountAsync());

        // The callback (code, state; the nonce inside the token) used again by someone else, and again by the victim.
        using var attacker = new SsoBrowser(Factory);
        Assert.Equal(SsoOidcEvents.FailedPath, (await attacker.App.Http.GetAsync(callback.PathAndQuery)).Headers.Location?.OriginalString);
        Assert.Equal(SsoOidcEvents.FailedPath, (await victim.App.Http.GetAsync(callback.PathAndQuery)).Headers.Location?.OriginalString);
        Assert.False(await attacker.SignedInAsync());

        // A state the app never issued, on a fresh round trip.
        using var forger = new SsoBrowser(Factory);
        var (forged, forgedUrl) = await forger.SignInAsync($"other-{Guid.NewGuid():N}@{org.Domain}", "other", rewriteCallback: u =>
            new Uri(u.GetLeftPart(UriPartial.Path) + System.Text.RegularExpressions.Regex.Replace(u.Query, "state=[^&]+", "state=CfDJ8forged")));
        Assert.Equal(SsoOidcEvents.FailedPath, forgedUrl.AbsolutePath);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(await forger.SignedInAsync());

        Assert.Equal(after, await CountsAsync());
        Assert.Equal(sessions, await QueryAsync(db => db.Set<UserSession>().CountAsync()));
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/%2F%2Fevil.example")]
    [InlineData("https:evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task TheSsoReturnUrl_NeverLeadsOffTheSite(string returnUrl)
    {
        var org = await OrganizationWithSsoAsync();
        var email = $"nurse-{Guid.NewGuid():N}@{org.Domain}";
        using var browser = new SsoBrowser(Factory);

        var (response, url) = await browser.SignInAsync(email, email, returnUrl: returnUrl);

        Assert.Equal("localhost", url.Host);
        Assert.DoesNotContain(browser.Visited, u => u.Host.Contains("evil", StringComparison.OrdinalIgnoreCase) || u.Scheme == "javascript");
        Assert.DoesNotContain("evil.example", response.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.True(await browser.SignedInAsync());
    }

    [Fact]
    public async Task ALaunchSignedWithAnotherOrganizationsKey_NeverEntersThatOrganization()
    {
        await Factory.PublishContentAsync();
        const string victimLms = "https://lms.victim.example", attackerLms = "https://lms.attacker.example";
        var (victimOrg, _) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Victim SCORM");
        var (attackerOrg, _) = await OrganizationTestKit.CreateOrganizationAsync(Factory, "Attacker SCORM");
        Guid victimKey, attackerKey;
        byte[] attackerSecret;
        using (var scope = Factory.Services.CreateScope())
        {
            var scorm = scope.ServiceProvider.GetRequiredService<ScormService>();
            Assert.Empty(await scorm.SetOriginsAsync(victimOrg, victimLms, CancellationToken.None));
            // The attacker's organization lists the victim's LMS too, to borrow its origin.
            Assert.Empty(await scorm.SetOriginsAsync(attackerOrg, attackerLms + "\n" + victimLms, CancellationToken.None));
            victimKey = (await scorm.CurrentKeyAsync(victimOrg, CancellationToken.None)).KeyId;
            (attackerKey, attackerSecret) = await scorm.CurrentKeyAsync(attackerOrg, CancellationToken.None);
        }
        var staffBefore = await QueryAsync(db => db.Set<OrganizationMember>().CountAsync(m => m.OrganizationId == victimOrg));
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        string Launch(Guid keyId, string learner, string origin)
        {
            var claims = new LaunchClaims(keyId, OrganizationTestKit.Course, ScormVersion.Scorm12, learner, "Mallory, Eve", Factory.Clock.GetUtcNow().ToUnixTimeSeconds(),
                Guid.NewGuid().ToString("N"), origin);
            return $"/scorm/launch?k={keyId}&c={OrganizationTestKit.Course}&v=1.2&l={learner}&n={Uri.EscapeDataString(claims.LearnerName)}"
                + $"&t={claims.IssuedAt}&r={claims.Nonce}&o={Uri.EscapeDataString(origin)}&s={ScormLaunchSigner.Sign(attackerSecret, claims)}";
        }

        // The victim's key id, signed with the attacker's key: refused, nothing written, the refusal logged.
        var forged = await client.GetAsync(Launch(victimKey, "emp-victim-1", victimLms));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("signature does not match", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(forged.Headers.Contains("Set-Cookie"));
        Assert.Contains(Factory.SecurityRefusals(), r => r.Message.Contains("SCORM launch refused", StringComparison.Ordinal));

        // The attacker's own valid launch from the victim's LMS origin: it lands in the attacker's organization, never the victim's.
        var own = await client.GetAsync(Launch(attackerKey, "emp-victim-1", victimLms));
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        var learner = await QueryAsync(db => db.Set<ScormLearner>().SingleAsync());
        Assert.Equal(attackerOrg, learner.OrganizationId);
        Assert.False(await QueryAsync(db => db.Set<ScormLearner>().AnyAsync(l => l.OrganizationId == victimOrg)));
        Assert.Equal(staffBefore, await QueryAsync(db => db.Set<OrganizationMember>().CountAsync(m => m.OrganizationId == victimOrg)));
        Assert.False(await QueryAsync(db => db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == victimOrg && m.UserId == learner.UserId)));
    }
}
