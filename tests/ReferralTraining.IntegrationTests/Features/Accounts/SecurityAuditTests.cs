using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.IntegrationTests.Features.Accounts;

public sealed class SecurityAuditTests(AppFixture fixture) : AppTest(fixture)
{
    private Task<List<SecurityEvent>> EventsAsync(string email) =>
        QueryAsync(db => db.Set<SecurityEvent>().AsNoTracking().Where(e => e.Email == email).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task SignInOutcomes_AreRecorded_WithoutSecrets()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = "nobody@test.example", ["Input.Password"] = "a guess at a password" });
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = "wrong password " + i });
        }

        var unknown = Assert.Single(await EventsAsync("nobody@test.example"));
        Assert.Equal((SecurityEventKind.SignInFailed, (Guid?)null, "unknown account"), (unknown.Kind, unknown.UserId, unknown.Detail));
        var events = await EventsAsync(user.Email!);
        Assert.Equal(4, events.Count(e => e.Kind == SecurityEventKind.SignInFailed && e.Detail == "wrong password"));
        Assert.Single(events, e => e.Kind == SecurityEventKind.SignInFailed && e.Detail == "account locked"); // the fifth locks
        Assert.Single(events, e => e.Kind == SecurityEventKind.LockedOut);
        Assert.DoesNotContain(events, e => e.Detail?.Contains("wrong password 1", StringComparison.Ordinal) == true);

        // A correct sign-in is recorded as a success; signing out too.
        var other = await Factory.CreateUserAsync(Roles.Clinician);
        using var otherClient = PageClient.For(Factory);
        await otherClient.SignInAsync(other.Email!);
        await otherClient.SubmitAsync("/", new Dictionary<string, string>(), "form[action='/accounts/logout']");
        events = await EventsAsync(other.Email!);
        Assert.Contains(events, e => e.Kind == SecurityEventKind.SignInSucceeded && e.UserId == other.Id && e.Detail == "password");
        Assert.Contains(events, e => e.Kind == SecurityEventKind.SignedOut && e.UserId == other.Id);
    }

    [Fact]
    public async Task TwoFactorSteps_AndRoleChanges_AreRecorded()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);
        var events = await EventsAsync(admin.Email!);
        Assert.Equal(
            [SecurityEventKind.RoleAdded, SecurityEventKind.TwoFactorEnrolled, SecurityEventKind.SecondStepRequired, SecurityEventKind.TwoFactorSucceeded],
            events.Select(e => e.Kind));
        Assert.Equal(Roles.Admin, events[0].Detail);

        // A clinician made director of an organization: the role change is logged with the admin who did it.
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<OrganizationService>()
                .CreateOrganizationAsync("Audit Clinic", clinician.Email, admin.Id, CancellationToken.None);
            Assert.True(result.Ok, result.Error);
        }
        Assert.Contains(await EventsAsync(clinician.Email!), e => e.Kind == SecurityEventKind.RoleAdded && e.Detail == Roles.ProgramDirector);
    }

    [Fact]
    public async Task SecurityLog_IsShownToAdmins_Filtered_AndHiddenFromOthers()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var clinicianClient = PageClient.For(Factory);
        await clinicianClient.SignInAsync(clinician.Email!);
        var (forbidden, _) = await clinicianClient.GetAsync("/admin/security-events");
        Assert.Contains("access-denied", forbidden.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        var denied = await QueryAsync(db => db.Set<SecurityEvent>().SingleAsync(e => e.Kind == SecurityEventKind.AccessDenied));
        Assert.Equal((clinician.Id, "GET /admin/security-events"), (denied.UserId!.Value, denied.Detail));

        using var adminClient = PageClient.For(Factory);
        await adminClient.SignInAsync(admin.Email!);
        var (ok, page) = await adminClient.GetAsync($"/admin/security-events?Email={Uri.EscapeDataString(clinician.Email!)}&Kind=SignInSucceeded");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var row = Assert.Single(page.QuerySelectorAll("#security-events tbody tr"));
        Assert.Equal("SignInSucceeded", row.QuerySelector("td[data-label=Event]")!.TextContent);
        Assert.Equal(clinician.Email, row.QuerySelector("td[data-label=Account]")!.TextContent);
        Assert.NotNull(page.QuerySelector("a[href='/admin/certificates']"));
    }
}
