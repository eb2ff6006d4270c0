using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Features.Organizations;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Scorm;

namespace ReferralTraining.IntegrationTests.Features.Scorm;

/// <summary>
/// ADR-032: a launch from an LMS on another site (Fetch Metadata says cross-site) gets partitioned third-party cookies
/// (SameSite=None; Secure; Partitioned) for the whole session, and form posts in that session still need the
/// antiforgery token; a same-site launch keeps the Lax cookies. The cookies are carried by hand: a client cookie jar
/// would drop Secure cookies on the test server's http address.
/// </summary>
public sealed class ScormCrossSiteSessionTests(AppFixture fixture) : AppTest(fixture)
{
    private const string Course = OrganizationTestKit.Course;
    private const string LmsOrigin = "https://lms.other-hospital.example";

    private async Task<string> LaunchUrlAsync(string learnerId)
    {
        var (orgId, _) = await OrganizationTestKit.CreateOrganizationAsync(Factory, $"Other hospital {learnerId}");
        using var scope = Factory.Services.CreateScope();
        var scorm = scope.ServiceProvider.GetRequiredService<ScormService>();
        Assert.Empty(await scorm.SetOriginsAsync(orgId, LmsOrigin, CancellationToken.None));
        var (keyId, secret) = await scorm.CurrentKeyAsync(orgId, CancellationToken.None);
        var claims = new LaunchClaims(keyId, Course, ScormVersion.Scorm12, learnerId, "Rivera, Ana", Factory.Clock.GetUtcNow().ToUnixTimeSeconds(),
            Guid.NewGuid().ToString("N"), LmsOrigin);
        return $"/scorm/launch?k={keyId}&c={Course}&v=1.2&l={learnerId}&n={Uri.EscapeDataString(claims.LearnerName)}"
            + $"&t={claims.IssuedAt}&r={claims.Nonce}&o={Uri.EscapeDataString(LmsOrigin)}&s={ScormLaunchSigner.Sign(secret, claims)}";
    }

    private HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];

    /// <summary>Keeps what the response set (a browser's partition for the LMS's site), dropping deleted cookies.</summary>
    private static void Keep(Dictionary<string, string> jar, HttpResponseMessage response)
    {
        foreach (var cookie in SetCookies(response))
        {
            var pair = cookie.Split(';')[0];
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..eq], pair[(eq + 1)..]);
            if (value.Length == 0)
            {
                jar.Remove(name);
            }
            else
            {
                jar[name] = value;
            }
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, Dictionary<string, string> jar, HttpContent? content = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Sec-Fetch-Site", fetchSite ?? (url.StartsWith("/scorm/", StringComparison.Ordinal) ? "cross-site" : "same-origin"));
        if (jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
        }
        return request;
    }

    private static void AssertPartitioned(IEnumerable<string> cookies)
    {
        foreach (var cookie in cookies)
        {
            var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
            Assert.Contains("secure", attributes);
            Assert.Contains("samesite=none", attributes);
            Assert.Contains("partitioned", attributes);
            Assert.DoesNotContain(attributes, a => a is "samesite=lax" or "samesite=strict");
        }
    }

    [Fact]
    public async Task ACrossSiteLaunch_SetsOnlyPartitionedCookies_AndItsFormPostsStillNeedTheAntiforgeryToken()
    {
        await Factory.PublishContentAsync();
        var client = Client();
        var jar = new Dictionary<string, string>();

        var launch = await client.SendAsync(Request(HttpMethod.Get, await LaunchUrlAsync("emp-x1"), jar));
        Assert.Equal(HttpStatusCode.Redirect, launch.StatusCode);
        var launchCookies = SetCookies(launch);
        Assert.Contains(launchCookies, c => c.StartsWith("rt.auth=", StringComparison.Ordinal));
        Assert.Contains(launchCookies, c => c.StartsWith("rt.scorm=", StringComparison.Ordinal));
        AssertPartitioned(launchCookies);
        Keep(jar, launch);

        // The course page in the frame: the session holds, and the antiforgery cookie it sets is partitioned too.
        var page = await client.SendAsync(Request(HttpMethod.Get, $"/courses/{Course}", jar));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"rt-scorm-bridge\"", html, StringComparison.Ordinal);
        Assert.Contains(SetCookies(page), c => c.StartsWith("rt.csrf=", StringComparison.Ordinal));
        AssertPartitioned(SetCookies(page));
        Keep(jar, page);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var userId = await QueryAsync(db => db.Set<ScormLearner>().Where(l => l.LmsLearnerId == "emp-x1").Select(l => l.UserId).SingleAsync());

        // SameSite=None sends the cookies on any post made under the LMS's site: without the token it is refused, nothing written.
        var forged = await client.SendAsync(Request(HttpMethod.Post, $"/courses/{Course}?handler=Acknowledge", jar, new FormUrlEncodedContent([])));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.Set<DisclosureAcknowledgment>().CountAsync(a => a.UserId == userId)));
        var wrongToken = await client.SendAsync(Request(HttpMethod.Post, $"/courses/{Course}?handler=Acknowledge", jar,
            new FormUrlEncodedContent([new("__RequestVerificationToken", token[..^4] + "AAAA")])));
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.Set<DisclosureAcknowledgment>().CountAsync(a => a.UserId == userId)));

        // With the page's token and the partitioned antiforgery cookie, the post goes through.
        var acknowledged = await client.SendAsync(Request(HttpMethod.Post, $"/courses/{Course}?handler=Acknowledge", jar,
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)])));
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        Assert.Equal($"/courses/{Course}/modules/1", acknowledged.Headers.Location?.OriginalString);
        AssertPartitioned(SetCookies(acknowledged));
        Assert.Equal(1, await QueryAsync(db => db.Set<DisclosureAcknowledgment>().CountAsync(a => a.UserId == userId)));

        // A write sent by a page of another site (an LMS page posting a form without a body to the JSON API) is refused
        // before it runs, though the partitioned cookies came with it; the same request from our own page runs.
        var crossSite = await client.SendAsync(Request(HttpMethod.Post, $"/api/v1/quizzes/courses/{Course}/attempts", jar, new FormUrlEncodedContent([]), "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal("application/problem+json", crossSite.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await QueryAsync(db => db.QuizAttempts.CountAsync()));
        var own = await client.SendAsync(Request(HttpMethod.Post, $"/api/v1/quizzes/courses/{Course}/attempts", jar, new StringContent("{}", System.Text.Encoding.UTF8, "application/json")));
        Assert.NotEqual(HttpStatusCode.Forbidden, own.StatusCode);
    }

    [Fact]
    public async Task ASameSiteLaunch_KeepsTheLaxCookies()
    {
        await Factory.PublishContentAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, await LaunchUrlAsync("emp-s1"));
        request.Headers.Add("Sec-Fetch-Site", "same-site");
        var launch = await Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, launch.StatusCode);
        var cookies = SetCookies(launch);
        Assert.Contains(cookies, c => c.StartsWith("rt.auth=", StringComparison.Ordinal));
        Assert.All(cookies, c =>
        {
            Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("partitioned", c, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [InlineData("rt.auth=abc; path=/; samesite=lax; httponly", "rt.auth=abc; path=/; httponly; secure; samesite=none; partitioned")]
    [InlineData("__Host-rt.csrf=x; path=/; secure; samesite=strict; httponly", "__Host-rt.csrf=x; path=/; httponly; secure; samesite=none; partitioned")]
    [InlineData("rt.notice=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/", "rt.notice=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; secure; samesite=none; partitioned")]
    public void Rewrite_ReplacesSameSiteAndAddsSecureAndPartitioned(string input, string expected) =>
        Assert.Equal(expected, ScormPartitionedCookies.Rewrite(input));
}
