using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Web.Features.Organizations;
using static ReferralTraining.IntegrationTests.Features.Organizations.OrganizationTestKit;

namespace ReferralTraining.IntegrationTests.Features.Organizations;

public sealed class ApiTests(AppFixture fixture) : AppTest(fixture)
{
    private async Task<(Guid OrgId, HttpClient Client, Guid KeyId)> OrgWithKeyAsync()
    {
        await Factory.PublishContentAsync();
        var (orgId, _) = await CreateOrganizationAsync(Factory, $"API Org {Guid.NewGuid():N}");
        using var scope = Factory.Services.CreateScope();
        var (keyId, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(orgId, "HR", CancellationToken.None);
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.DoesNotContain(await QueryAsync(db => db.Set<OrganizationApiKey>().Select(k => k.Hash).ToListAsync()), h => h == secret);
        return (orgId, client, keyId);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        }
    }

    [Fact]
    public async Task MemberUpsert_IsIdempotent_ByExternalId_AndAssignmentsAndStatusWork()
    {
        var (orgId, client, _) = await OrgWithKeyAsync();
        var existing = await AddStaffAsync(Factory, orgId);
        var body = new { email = existing.Email, givenName = "Ann", familyName = "Lee", team = "Outpatient", jobRole = "Nurse" };
        for (var i = 0; i < 2; i++)
        {
            var put = await client.PutAsJsonAsync($"/api/v1/organizations/{orgId}/members/HR-1", body);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var members = await QueryAsync(db => db.Set<OrganizationMember>().Where(m => m.OrganizationId == orgId && m.ExternalId == "HR-1").ToListAsync());
        Assert.Single(members);
        Assert.Single(await QueryAsync(db => db.Set<Team>().Where(t => t.OrganizationId == orgId).ToListAsync()));

        var newcomer = new { email = $"new-{Guid.NewGuid():N}@test.example", givenName = "Bo", familyName = "Ng" };
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PutAsJsonAsync($"/api/v1/organizations/{orgId}/members/HR-2", newcomer)).StatusCode);
        }
        Assert.Single(await QueryAsync(db => db.Set<Invitation>().Where(i => i.OrganizationId == orgId && i.Email == newcomer.email).ToListAsync()));

        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5).ToString("yyyy-MM-dd");
        var assign = new { courseIds = new[] { Course }, target = "team", team = "Outpatient", dueDate = due };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/organizations/{orgId}/assignments", assign)).StatusCode);
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/v1/organizations/{orgId}/assignments", assign), HttpStatusCode.Conflict);

        var status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{orgId}/status");
        var row = Assert.Single(status.EnumerateArray());
        Assert.Equal("HR-1", row.GetProperty("externalId").GetString());
        Assert.Equal("NotStarted", row.GetProperty("status").GetString());
    }

    [Fact]
    public async Task BadPayloads_GetProblemDetails_AndWriteNothing()
    {
        var (orgId, client, _) = await OrgWithKeyAsync();
        var url = $"/api/v1/organizations/{orgId}";
        await AssertProblemAsync(await client.PutAsync($"{url}/members/HR-9", new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.PutAsJsonAsync($"{url}/members/HR-9", new { email = "nope" }), HttpStatusCode.BadRequest, "email");
        await AssertProblemAsync(await client.PostAsJsonAsync($"{url}/assignments", new { courseIds = new[] { Course }, target = "planet" }), HttpStatusCode.BadRequest, "target");
        await AssertProblemAsync(await client.PostAsJsonAsync($"{url}/assignments", new { courseIds = new[] { Course }, target = "person", externalId = "nobody", dueDate = "2030-01-01" }), HttpStatusCode.BadRequest, "externalId");
        await AssertProblemAsync(await client.PostAsync($"{url}/assignments", new StringContent("{\"dueDate\": \"yesterday\"}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal(0, await QueryAsync(db => db.Set<Assignment>().CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.Set<Invitation>().CountAsync(i => i.OrganizationId == orgId && i.Role == OrganizationRole.Staff)));
    }

    [Fact]
    public async Task RevokedOrMissingKeys_AreRefused()
    {
        var (orgId, client, keyId) = await OrgWithKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/organizations/{orgId}/status")).StatusCode);
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(orgId, keyId, CancellationToken.None));
        }
        await AssertProblemAsync(await client.GetAsync($"/api/v1/organizations/{orgId}/status"), HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Authorization = null;
        await AssertProblemAsync(await client.GetAsync($"/api/v1/organizations/{orgId}/status"), HttpStatusCode.Unauthorized);
    }
}
