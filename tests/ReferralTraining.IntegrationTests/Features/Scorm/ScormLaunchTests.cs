using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Features.Organizations;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Scorm;

namespace ReferralTraining.IntegrationTests.Features.Scorm;

/// <summary>GET /scorm/launch end to end: signature, key, origin and nonce checks, and the (organization, LMS learner id) mapping.</summary>
public sealed class ScormLaunchTests(AppFixture fixture) : AppTest(fixture)
{
    private const string Course = OrganizationTestKit.Course;
    private const string LmsOrigin = "https://lms.riverside.example";

    private sealed record Org(Guid Id, Guid KeyId, byte[] Secret);

    private async Task<Org> OrganizationAsync(string name, params string[] origins)
    {
        var (orgId, _) = await OrganizationTestKit.CreateOrganizationAsync(Factory, name);
        using var scope = Factory.Services.CreateScope();
        var scorm = scope.ServiceProvider.GetRequiredService<ScormService>();
        Assert.Empty(await scorm.SetOriginsAsync(orgId, string.Join('\n', origins), CancellationToken.None));
        var (keyId, secret) = await scorm.CurrentKeyAsync(orgId, CancellationToken.None);
        return new Org(orgId, keyId, secret);
    }

    private string LaunchUrl(Guid keyId, byte[] signingKey, string learnerId, string learnerName = "Rivera, Ana", string origin = LmsOrigin,
        DateTimeOffset? issued = null, string? nonce = null)
    {
        var claims = new LaunchClaims(keyId, Course, ScormVersion.Scorm12, learnerId, learnerName, (issued ?? Factory.Clock.GetUtcNow()).ToUnixTimeSeconds(),
            nonce ?? Guid.NewGuid().ToString("N"), origin);
        var signature = ScormLaunchSigner.Sign(signingKey, claims);
        return $"/scorm/launch?k={claims.KeyId}&c={Course}&v=1.2&l={Uri.EscapeDataString(learnerId)}&n={Uri.EscapeDataString(learnerName)}"
            + $"&t={claims.IssuedAt}&r={claims.Nonce}&o={Uri.EscapeDataString(origin)}&s={signature}";
    }

    private HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private Task<int> LearnerRowsAsync() => QueryAsync(db => db.Set<ScormLearner>().CountAsync());

    [Fact]
    public async Task FirstLaunch_CreatesTheMember_LaterLaunches_FindIt()
    {
        await Factory.PublishContentAsync();
        var org = await OrganizationAsync("Riverside SCORM", LmsOrigin);

        var first = await Client().GetAsync(LaunchUrl(org.KeyId, org.Secret, "emp-0042"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal($"/courses/{Course}", first.Headers.Location?.OriginalString);
        var second = await Client().GetAsync(LaunchUrl(org.KeyId, org.Secret, "emp-0042", "Rivera, Ana María"));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var learner = await QueryAsync(db => db.Set<ScormLearner>().SingleAsync());
        Assert.Equal((org.Id, "emp-0042"), (learner.OrganizationId, learner.LmsLearnerId));
        var user = await QueryAsync(db => db.Users.SingleAsync(u => u.Id == learner.UserId));
        Assert.Equal(("Ana", "Rivera"), (user.GivenName, user.FamilyName));
        Assert.EndsWith("@lms.invalid", user.Email, StringComparison.Ordinal);
        Assert.False(user.EmailConfirmed);
        var member = await QueryAsync(db => db.Set<OrganizationMember>().SingleAsync(m => m.UserId == learner.UserId));
        Assert.Equal((org.Id, OrganizationRole.Staff), (member.OrganizationId, member.Role));
        Assert.Equal(1, await QueryAsync(db => db.Enrollments.CountAsync(e => e.UserId == learner.UserId && e.CourseId == Course)));

        // The same learner id in another organization is another person there.
        var other = await OrganizationAsync("Lakeside SCORM", LmsOrigin);
        Assert.Equal(HttpStatusCode.Redirect, (await Client().GetAsync(LaunchUrl(other.KeyId, other.Secret, "emp-0042"))).StatusCode);
        Assert.Equal(2, await LearnerRowsAsync());
        Assert.Equal(2, await QueryAsync(db => db.Set<ScormLearner>().Select(l => l.UserId).Distinct().CountAsync()));
    }

    [Fact]
    public async Task ALaunchSignedWithAnotherOrganizationsKey_IsRefused_AndCreatesNothing()
    {
        await Factory.PublishContentAsync();
        var riverside = await OrganizationAsync("Riverside SCORM", LmsOrigin);
        var lakeside = await OrganizationAsync("Lakeside SCORM", "https://lms.lakeside.example");

        // Lakeside's package naming Riverside's key id, signed with Lakeside's key.
        var response = await Client().GetAsync(LaunchUrl(riverside.KeyId, lakeside.Secret, "emp-7"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("signature does not match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Riverside's key from Lakeside's LMS origin, which Riverside does not list.
        var unlisted = await Client().GetAsync(LaunchUrl(riverside.KeyId, riverside.Secret, "emp-7", origin: "https://lms.lakeside.example"));
        Assert.Equal(HttpStatusCode.Forbidden, unlisted.StatusCode);
        Assert.Contains("is not listed for this organization", await unlisted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await LearnerRowsAsync());
        Assert.Equal(0, await QueryAsync(db => db.Set<OrganizationMember>().CountAsync(m => m.Role == OrganizationRole.Staff)));
    }

    [Fact]
    public async Task Revoked_Expired_Replayed_AndTampered_Launches_AreRefused()
    {
        await Factory.PublishContentAsync();
        var org = await OrganizationAsync("Riverside SCORM", LmsOrigin);

        var url = LaunchUrl(org.KeyId, org.Secret, "emp-1");
        Assert.Equal(HttpStatusCode.Redirect, (await Client().GetAsync(url)).StatusCode);
        var replay = await Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
        Assert.Contains("already used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tampered = LaunchUrl(org.KeyId, org.Secret, "emp-1").Replace("l=emp-1", "l=emp-2", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client().GetAsync(tampered)).StatusCode);

        var stale = await Client().GetAsync(LaunchUrl(org.KeyId, org.Secret, "emp-1", issued: Factory.Clock.GetUtcNow().AddMinutes(-6)));
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        Assert.Contains("signed too long ago", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using (var scope = Factory.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ScormService>().RevokeKeyAsync(org.Id, org.KeyId, CancellationToken.None));
        }
        var revoked = await Client().GetAsync(LaunchUrl(org.KeyId, org.Secret, "emp-1"));
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
        Assert.Contains("was revoked", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await LearnerRowsAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await Client().GetAsync("/scorm/launch?k=x")).StatusCode);
    }

    [Fact]
    public async Task LaunchedPages_MayBeFramedByTheListedOrigins_AndCarryTheBridge_OthersMayNot()
    {
        await Factory.PublishContentAsync();
        var org = await OrganizationAsync("Riverside SCORM", LmsOrigin, "https://lms2.riverside.example");
        var client = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(LaunchUrl(org.KeyId, org.Secret, "emp-9"))).StatusCode);

        var page = await client.GetAsync($"/courses/{Course}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors https://lms.riverside.example https://lms2.riverside.example;", csp, StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("X-Frame-Options"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"rt-scorm-bridge\" data-origin=\"https://lms.riverside.example\"", html, StringComparison.Ordinal);
        Assert.Contains("&quot;status&quot;:&quot;incomplete&quot;", html, StringComparison.Ordinal);

        // A browser without the launch: the usual policy, no bridge.
        var plain = await Factory.CreateClient().GetAsync($"/courses/{Course}");
        Assert.Contains("frame-ancestors 'none'", string.Join(";", plain.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.DoesNotContain("rt-scorm-bridge", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The director removes the origin: the launched session is no longer framed nor reported to it.
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ScormService>().SetOriginsAsync(org.Id, "https://lms2.riverside.example", CancellationToken.None));
        }
        var after = await client.GetAsync($"/courses/{Course}");
        Assert.Contains("frame-ancestors 'none'", string.Join(";", after.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.DoesNotContain("rt-scorm-bridge", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
