using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Features.Verification;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.IntegrationTests.Features.Certificates;

/// <summary>
/// Issue 17 item 4 (ADR-018): one certificate shows one completion date, in the zone it was issued in and named, on the
/// PDF, the verify page and API, the board's bulk check and audit (page and API), the exports and the Open Badge.
/// </summary>
public sealed class CertificateDateRuleTests(AppFixture fixture) : AppTest(fixture)
{
    // 00:30 UTC on December 6 is still the evening of December 5 in Chicago (CST, UTC-6).
    private static readonly DateTimeOffset JustAfterMidnightUtc = new(2026, 12, 6, 0, 30, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    [Fact]
    public async Task ACentralTimeCompletionJustAfterMidnightUtc_ShowsDecember5CentralTime_OnEverySurface()
    {
        var learner = await BoardsTestData.ClinicianAsync(Factory, Profession.Physician, "Casey", "Morgan", ("IL", "036-991"));
        await SetZoneAsync(learner.Id, "America/Chicago");
        // Issued at that moment on the app's clock, so the signed Open Badge carries it too.
        Factory.Clock.Freeze();
        Factory.Clock.Advance(JustAfterMidnightUtc - Factory.Clock.GetUtcNow());
        var certificate = await BoardsTestData.CertificateAsync(Factory, learner.Id, "ama-pra-1", JustAfterMidnightUtc);
        Assert.Equal("America/Chicago", certificate.Document.TimeZoneId);
        // The learner moves later: what the certificate already says does not move with them.
        await SetZoneAsync(learner.Id, "America/Los_Angeles");
        const string expected = "December 5, 2026 (Central Time)";

        // The helper itself.
        var date = CertificateDates.Completed(certificate.Document);
        Assert.Equal((new DateOnly(2026, 12, 5), "America/Chicago", "Central Time", "2026-12-05T18:30:00-06:00"), (date.Date, date.ZoneId, date.ZoneName, date.IsoDateTime));
        Assert.Equal(expected, date.Long);

        // PDF (text read back with PdfPig).
        using (var owner = PageClient.For(Factory))
        {
            await owner.SignInAsync(learner.Email!);
            var bytes = await owner.Http.GetByteArrayAsync($"/certificates/{certificate.Id}/pdf");
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
            var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
            Assert.Contains("December 5, 2026 · dates in Central Time", text, StringComparison.Ordinal);
            Assert.DoesNotContain("December 6, 2026", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Pacific", text, StringComparison.Ordinal);

            // The learner's own certificates page.
            var (_, list) = await owner.GetAsync("/certificates");
            Assert.Equal(expected, list.QuerySelector($"tr[data-code='{certificate.VerificationCode}'] td[data-label='Completed']")?.TextContent.Trim());
        }

        // Verify page (anonymous) and the public API.
        using var anonymous = PageClient.For(Factory);
        var (_, verify) = await anonymous.GetAsync($"/verify/{certificate.VerificationCode}");
        Assert.Contains(expected, verify.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("(UTC)", verify.Body.TextContent, StringComparison.Ordinal);
        var api = JsonNode.Parse(await anonymous.Http.GetStringAsync($"/api/v1/verifications/{certificate.VerificationCode}"))!;
        AssertCompleted(api["completed"]);

        // Open Badge: the signed credential's end date carries the zone's offset, and its description names the zone id.
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(certificate.CredentialJwt!.Split('.')[1])))!;
        Assert.Equal("2026-12-05T18:30:00-06:00", (string?)payload["credentialSubject"]!["activityEndDate"]);
        Assert.Contains("Completed December 5, 2026 (Central Time, America/Chicago).", (string?)payload["description"], StringComparison.Ordinal);

        // A board: bulk check (API and page download) and the license audit (API and page), with the period on the certificate's date.
        var board = await Factory.CreateUserAsync(Roles.CredentialingBody);
        string secret;
        using (var scope = Factory.Services.CreateScope())
        {
            var (key, error) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(board.Id, "IL board", CancellationToken.None);
            Assert.Null(error);
            secret = key!.Secret;
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ConsentService>().GrantShareAsync(learner.Id, board.Id, CancellationToken.None));
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ConsentService>().SetReportingAsync(learner.Id, new ReportingChoices(true, true, "0704", "1234567893"), CancellationToken.None));
        }
        using var boardApi = Factory.CreateClient();
        boardApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var bulk = await boardApi.PostAsync("/api/v1/verifications/bulk", new StringContent($"code\n{certificate.VerificationCode}\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        AssertCompleted(JsonNode.Parse(await bulk.Content.ReadAsStringAsync())![0]!["completed"]);

        var onTheDay = JsonNode.Parse(await boardApi.GetStringAsync("/api/v1/verifications/audit?authority=IL&number=036-991&from=2026-12-05&to=2026-12-05"))!;
        var record = Assert.Single(onTheDay["records"]!.AsArray())!;
        Assert.Equal(certificate.VerificationCode, (string?)record["code"]);
        AssertCompleted(record["completed"]);
        var dayAfter = JsonNode.Parse(await boardApi.GetStringAsync("/api/v1/verifications/audit?authority=IL&number=036-991&from=2026-12-06&to=2026-12-06"))!;
        Assert.Empty(dayAfter["records"]!.AsArray());

        using (var boardPage = PageClient.For(Factory))
        {
            await boardPage.SignInAsync(board.Email!);
            var (_, audit) = await boardPage.GetAsync("/verification/bulk?Authority=IL&Number=036-991&From=2026-12-05&To=2026-12-05");
            Assert.Equal(expected, audit.QuerySelector($"tr[data-code='{certificate.VerificationCode}'] td[data-label='Completed']")?.TextContent.Trim());
            var (_, checkedPage) = await boardPage.SubmitAsync("/verification/bulk", new Dictionary<string, string> { ["Csv"] = $"code\n{certificate.VerificationCode}\n" }, "form[action*=Check]");
            Assert.Equal(expected, checkedPage.QuerySelector("#bulk-results tbody tr td[data-label='Completed']")?.TextContent.Trim());
            var token = checkedPage.QuerySelector("form[action*=Download] input[name=__RequestVerificationToken]")?.GetAttribute("value")
                ?? checkedPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var file = await boardPage.Http.PostAsync("/verification/bulk?handler=Download",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["Csv"] = $"code\n{certificate.VerificationCode}\n", ["__RequestVerificationToken"] = token }));
            var csv = (await file.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var header = csv[0].Split(',').ToList();
            var cells = csv[1].Split(',');
            Assert.Equal("2026-12-05", cells[header.IndexOf("completed_date")]);
            Assert.Equal("America/Chicago", cells[header.IndexOf("completed_time_zone")]);
        }

        // Exports: the completion date in the same zone, in the period that contains December 5 and not in December 6's.
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var adminPage = PageClient.For(Factory);
        await adminPage.SignInAsync(admin.Email!);
        ReportingExportClient.Configure(Factory);
        var (_, parsFile) = await ReportingExportClient.DownloadAsync(adminPage, await ReportingExportClient.PostAsync(adminPage, "Pars", "range", "2026-12-05", "2026-12-05"));
        var pars = (await parsFile.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("12/05/2026", pars[1].Split('\t')[6]);
        var (nextDay, nextDayPage) = await ReportingExportClient.PostAsync(adminPage, "Pars", "range", "2026-12-06", "2026-12-06");
        Assert.Equal(HttpStatusCode.OK, nextDay.StatusCode);
        Assert.NotNull(nextDayPage.GetElementById("export-nothing")); // no row that day
    }

    [Fact]
    public async Task CertificatesIssuedBeforeTheRule_AreAnsweredInTheStoredZone_OrUtcWhenNoneIsStored()
    {
        var learner = await BoardsTestData.ClinicianAsync(Factory, Profession.Counselor, "Robin", "Lee", ("NY", "MHC-42"));
        var certificate = await BoardsTestData.CertificateAsync(Factory, learner.Id, "naadac", JustAfterMidnightUtc);
        Assert.Equal("UTC", certificate.Document.TimeZoneId); // the profile's zone at issue
        // An older document without the field (before the backfill ran, or from an import): UTC, named.
        await QueryAsync(async db =>
        {
            var row = await db.Certificates.SingleAsync(c => c.Id == certificate.Id);
            row.Document = row.Document with { TimeZoneId = null };
            await db.SaveChangesAsync();
            return 0;
        });
        using var anonymous = PageClient.For(Factory);
        var api = JsonNode.Parse(await anonymous.Http.GetStringAsync($"/api/v1/verifications/{certificate.VerificationCode}"))!;
        Assert.Equal(("2026-12-06", "UTC", "UTC"), ((string?)api["completed"]!["date"], (string?)api["completed"]!["zoneId"], (string?)api["completed"]!["zoneName"]));
        var (_, verify) = await anonymous.GetAsync($"/verify/{certificate.VerificationCode}");
        Assert.Contains("December 6, 2026 (UTC)", verify.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPage_ShowsTheSuspensionAndRevocationDate_InTheCertificatesZone_Named()
    {
        var learner = await BoardsTestData.ClinicianAsync(Factory, Profession.Counselor, "Robin", "Lee", ("NY", "MHC-42"));
        await SetZoneAsync(learner.Id, "America/Chicago");
        var certificate = await BoardsTestData.CertificateAsync(Factory, learner.Id, "naadac", JustAfterMidnightUtc);
        // Suspended and then revoked at 00:30 UTC on December 6: still December 5 in Chicago.
        Factory.Clock.Freeze();
        Factory.Clock.Advance(JustAfterMidnightUtc - Factory.Clock.GetUtcNow());
        using var anonymous = PageClient.For(Factory);
        foreach (var (status, word) in new[] { (CertificateStatus.Suspended, "Suspended"), (CertificateStatus.Revoked, "Revoked") })
        {
            using (var scope = Factory.Services.CreateScope())
            {
                Assert.Null(await scope.ServiceProvider.GetRequiredService<CertificateStatusService>().ChangeAsync(certificate.Id, status, $"Test {status}", Guid.NewGuid(), CancellationToken.None));
            }
            var (_, verify) = await anonymous.GetAsync($"/verify/{certificate.VerificationCode}");
            Assert.Equal($"{word} on December 5, 2026 (Central Time).", verify.QuerySelector("[data-testid='verify-status-date']")?.TextContent.Trim());
            Assert.DoesNotContain("(UTC)", verify.Body!.TextContent, StringComparison.Ordinal);
        }
    }

    private static void AssertCompleted(JsonNode? completed)
    {
        Assert.NotNull(completed);
        Assert.Equal(("2026-12-05", "2026-12-05T18:30:00-06:00", "America/Chicago", "Central Time"),
            ((string?)completed["date"], (string?)completed["local"], (string?)completed["zoneId"], (string?)completed["zoneName"]));
    }

    private Task SetZoneAsync(Guid userId, string zone) => QueryAsync(async db =>
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        user.TimeZoneId = zone;
        await db.SaveChangesAsync();
        return 0;
    });
}
