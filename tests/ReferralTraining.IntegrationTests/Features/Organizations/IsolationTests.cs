using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using static ReferralTraining.IntegrationTests.Features.Organizations.OrganizationTestKit;

namespace ReferralTraining.IntegrationTests.Features.Organizations;

/// <summary>
/// Enumerates every endpoint whose route starts with /organizations/{orgId} or /api/v1/organizations/{orgId}
/// and checks that another organization's director, a clinician (even a staff member of the organization)
/// and an anonymous caller are refused without seeing its data. A new route that forgets its check fails here.
/// </summary>
public sealed partial class IsolationTests(AppFixture fixture) : AppTest(fixture)
{
    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    private IReadOnlyList<(string Pattern, IReadOnlyList<string> Methods)> OrganizationRoutes()
    {
        var sources = Factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), Methods: (IReadOnlyList<string>)(e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.ToList() ?? ["GET", "POST"])))
            .Where(r => r.Pattern.StartsWith("/organizations/{orgId", StringComparison.OrdinalIgnoreCase)
                || r.Pattern.StartsWith("/api/v1/organizations/{orgId", StringComparison.OrdinalIgnoreCase))
            .GroupBy(r => r.Pattern).Select(g => (g.Key, (IReadOnlyList<string>)g.SelectMany(x => x.Methods).Distinct().ToList()))
            .ToList();
    }

    private static string Fill(string pattern, Guid orgId) =>
        Parameter().Replace(pattern, m => m.Groups[1].Value.Equals("orgId", StringComparison.OrdinalIgnoreCase) ? orgId.ToString() : Guid.NewGuid().ToString());

    [Fact]
    public async Task EveryOrganizationRoute_RefusesOtherDirectors_Clinicians_AndAnonymousCallers_WithoutData()
    {
        await Factory.PublishContentAsync();
        var (orgId, director) = await CreateOrganizationAsync(Factory, "Tenant A Secret Name");
        var (_, otherDirector) = await CreateOrganizationAsync(Factory, "Tenant B");
        var staff = await AddStaffAsync(Factory, orgId);
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganizationService>().AddTeamAsync(orgId, "Secret Team", CancellationToken.None);
        }
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        var routes = OrganizationRoutes();
        Assert.True(routes.Count >= 3, $"Expected the organization routes, found: {string.Join(", ", routes.Select(r => r.Pattern))}");

        var anonymous = PageClient.For(Factory);
        var callers = new List<(string Who, PageClient Client, bool SignedIn, string Token)> { ("anonymous", anonymous, false, await anonymous.AntiforgeryTokenAsync()) };
        foreach (var (who, user) in new[] { ("other director", otherDirector), ("staff member", staff), ("clinician", clinician) })
        {
            var client = PageClient.For(Factory);
            await client.SignInAsync(user.Email!);
            // A valid token of their own: a page POST must be refused by the tenant check, not by antiforgery.
            callers.Add((who, client, true, await client.AntiforgeryTokenAsync()));
        }
        using (var scope = Factory.Services.CreateScope())
        {
            // Another organization's API key, sent as a bearer token by an otherwise anonymous client.
            var otherOrgId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                scope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Data.AppDbContext>().Set<Organization>(), o => o.Name == "Tenant B");
            var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(otherOrgId.Id, "HR", CancellationToken.None);
            var keyed = PageClient.For(Factory);
            keyed.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
            callers.Add(("other organization's API key", keyed, false, ""));
        }
        var owner = PageClient.For(Factory);
        await owner.SignInAsync(director.Email!);
        var ownerToken = await owner.AntiforgeryTokenAsync();

        var failures = new List<string>();
        foreach (var (pattern, methods) in routes)
        {
            var url = Fill(pattern, orgId);
            var isApi = pattern.StartsWith("/api/", StringComparison.Ordinal);
            foreach (var method in methods.Where(m => m is "GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                foreach (var (who, client, signedIn, token) in callers)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), url);
                    if (method != "GET")
                    {
                        request.Content = isApi
                            ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json")
                            : new FormUrlEncodedContent(new Dictionary<string, string> { ["TargetId"] = Guid.NewGuid().ToString(), ["__RequestVerificationToken"] = token });
                    }
                    var response = await client.Http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    // With a valid token, a 400 would be antiforgery or validation answering before the tenant check: not
                    // a refusal. Signed-in outsiders get 404 (the organization does not exist for them), anonymous
                    // callers the sign-in page, API callers 401 or 404.
                    var refused = isApi
                        ? status is 401 or 404
                        : !signedIn
                            ? status == 401 || (status == 302 && response.Headers.Location!.OriginalString.Contains("/accounts/login", StringComparison.Ordinal))
                            : status == 404;
                    if (!refused || body.Contains("Tenant A Secret Name", StringComparison.Ordinal) || body.Contains("Secret Team", StringComparison.Ordinal))
                    {
                        failures.Add($"{method} {pattern} as {who}: {status}");
                    }
                }
            }
            // The owner's POST with the same kind of token gets past antiforgery and the tenant check (whatever the
            // handler then says of the made-up target), which proves the outsiders' tokens were valid ones.
            if (methods.Contains("POST") && !isApi)
            {
                var posted = await owner.Http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["TargetId"] = Guid.NewGuid().ToString(), ["__RequestVerificationToken"] = ownerToken }));
                if (posted.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
                {
                    failures.Add($"POST {pattern} as its own director with a valid token: {(int)posted.StatusCode}");
                }
            }
            // The owner is not refused on GET: the check above is about the tenant, not a broken route.
            if (methods.Contains("GET") && !isApi && Parameter().Count(pattern) == 1)
            {
                var mine = await owner.Http.GetAsync(url);
                if (mine.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"GET {pattern} as its own director: {(int)mine.StatusCode}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Signed-in refusals and another organization's valid key are in the security log (ASVS 16.3.2).
        var refusals = await QueryAsync(db => db.Set<SecurityEvent>().Where(e => e.Kind == SecurityEventKind.TenantRefused).ToListAsync());
        foreach (var (who, user) in new[] { ("other director", otherDirector), ("staff member", staff), ("clinician", clinician) })
        {
            Assert.True(refusals.Any(e => e.UserId == user.Id && e.Detail!.Contains(orgId.ToString(), StringComparison.Ordinal)), $"no refusal logged for the {who}");
        }
        Assert.Contains(refusals, e => e.UserId == null && e.Detail!.StartsWith("API key of organization", StringComparison.Ordinal));
        Assert.DoesNotContain(refusals, e => e.UserId == director.Id);

        // An unknown key is only logged, never written: anyone can send one, and must not be able to grow the table.
        Factory.Clock.Advance(TimeSpan.FromMinutes(1)); // refusals are logged once a minute per sender: start a new minute
        var before = await QueryAsync(db => db.Set<SecurityEvent>().CountAsync());
        using var bogus = Factory.CreateClient();
        bogus.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "rto_not_a_real_key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bogus.GetAsync($"/api/v1/organizations/{orgId}/status")).StatusCode);
        Assert.Equal(before, await QueryAsync(db => db.Set<SecurityEvent>().CountAsync()));
        Assert.Contains(Factory.SecurityRefusals(), r => r.Message.Contains("organization API key unknown or revoked", StringComparison.Ordinal)
            && r.Message.Contains($"/api/v1/organizations/{orgId}/status", StringComparison.Ordinal));
    }
}
