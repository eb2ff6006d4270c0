using System.Net;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.IntegrationTests.Features.Accounts;

/// <summary>
/// One voice on the rendered pages (issue 20 items 3 and 6): a time zone by its common name, jargon explained in place,
/// navigation that says what it leads to, and a board audit whose period is optional. The source-wide spelling scan is
/// UsEnglishTests (unit tests).
/// </summary>
public sealed class OneVoiceTests(AppFixture fixture) : AppTest(fixture)
{
    [Fact]
    public async Task TimeZones_AreShownByTheirCommonName_NeverByIdOrStandardName()
    {
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        await QueryAsync(db => db.Users.Where(u => u.Id == clinician.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, "America/Chicago")));
        using var client = PageClient.For(Factory);
        await client.SignInAsync(clinician.Email!);

        var (_, sessions) = await client.GetAsync("/accounts/sessions");
        var signedIn = sessions.QuerySelector("td[data-label='Signed in']")!.TextContent;
        Assert.EndsWith("Central Time", signedIn.Trim(), StringComparison.Ordinal);
        Assert.Matches(@"^[A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M Central Time$", signedIn.Trim());
        var main = sessions.QuerySelector("main")!.TextContent;
        Assert.DoesNotContain("America/Chicago", main, StringComparison.Ordinal);
        Assert.DoesNotContain("Standard Time", main, StringComparison.Ordinal);
        Assert.DoesNotContain("Daylight Time", main, StringComparison.Ordinal);

        // The profile's picker: the common name as the label, the IANA id only as the value.
        var (_, profile) = await client.GetAsync("/accounts/profile");
        var chosen = profile.QuerySelector("#Input_TimeZoneId option[selected]")!;
        Assert.Equal(("America/Chicago", "Central Time"), (chosen.GetAttribute("value"), chosen.TextContent.Trim()));
        Assert.DoesNotContain(profile.QuerySelectorAll("#Input_TimeZoneId option"), o => o.TextContent.Contains('/', StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminTables_ShowMomentsInTheReadersZone_NotInBareUtc()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        await QueryAsync(db => db.Users.Where(u => u.Id == admin.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, "America/Los_Angeles")));
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using (var clinicianClient = PageClient.For(Factory))
        {
            await clinicianClient.SignInAsync(clinician.Email!);
        }
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);

        var (_, log) = await client.GetAsync($"/admin/security-events?Email={Uri.EscapeDataString(clinician.Email!)}&Kind=SignInSucceeded");

        var when = Assert.Single(log.QuerySelectorAll("#security-events tbody tr")).QuerySelector("td")!.TextContent.Trim();
        Assert.Matches(@"^[A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M Pacific Time$", when);
        var main = log.QuerySelector("main")!.TextContent;
        Assert.DoesNotContain("(UTC)", main, StringComparison.Ordinal);
        Assert.DoesNotContain("Times are UTC", main, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Navigation_SaysWhatIsShared_AndCourseActionsSayEnroll()
    {
        await Factory.PublishContentAsync();
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(clinician.Email!);

        var (_, home) = await client.GetAsync("/certificates");
        Assert.Equal("Certificate sharing", home.QuerySelector("a[href='/certificates/sharing']")!.TextContent.Trim());

        var (_, course) = await client.GetAsync("/courses/sample-course");
        Assert.Contains(course.QuerySelectorAll("main button"), b => b.TextContent.Trim() == "Enroll in this course");
    }

    [Fact]
    public async Task AchievementPage_ExplainsEnduringMaterialAndTheContentHash_InPlace()
    {
        await Factory.PublishContentAsync();
        using var anonymous = PageClient.For(Factory);

        var (response, page) = await anonymous.GetAsync("/courses/sample-course/versions/1.0.0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summaries = page.QuerySelectorAll("details.explain summary").Select(s => s.TextContent.Trim()).ToList();
        Assert.Contains("What \"enduring material\" means", summaries);
        Assert.Contains("The fingerprint (content hash)", summaries);
        // Plain words first: the hash itself sits inside the explanation, not in the facts list's own text.
        var hash = page.QuerySelector("details.explain code")!.TextContent;
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public async Task BoardAudit_PeriodIsOptional_AndTheFormSaysSo()
    {
        var body = await Factory.CreateUserAsync(Roles.CredentialingBody);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(body.Email!);

        var (_, form) = await client.GetAsync("/verification/bulk");
        Assert.Contains("(optional)", form.QuerySelector("form[aria-label='License audit'] legend")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Leave both dates empty", form.GetElementById("period-hint")!.TextContent, StringComparison.Ordinal);

        // No dates: answered (here "no consented record"), not refused for a missing period.
        var (response, page) = await client.GetAsync("/verification/bulk?Authority=NY&Number=NOBODY-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.GetElementById("audit-error"));
        Assert.NotNull(page.GetElementById("audit-none"));

        // A date typed but unreadable is still refused, never silently replaced.
        var (bad, badPage) = await client.GetAsync("/verification/bulk?Authority=NY&Number=X-1&From=2025-02-30");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("YYYY-MM-DD", badPage.GetElementById("audit-error")!.TextContent, StringComparison.Ordinal);
    }
}
