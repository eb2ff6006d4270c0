using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.IntegrationTests.Features.Verification;

/// <summary>
/// Issue 17 item 8 (ADR-019): the CE Broker roster is an .xls workbook with CE Broker's columns A-H, one row per license,
/// course and date, each export recorded so the default selection never re-sends a completion; refusals name the
/// setting and record nothing; only admins can run it.
/// </summary>
public sealed class CeBrokerRosterTests(AppFixture fixture) : AppTest(fixture)
{
    private static readonly DateTimeOffset June15 = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
        ReportingExportClient.Configure(Factory);
    }

    private async Task ConsentAsync(Guid userId, bool ceBroker = true, bool pars = false)
    {
        using var scope = Factory.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ConsentService>().SetReportingAsync(userId, new ReportingChoices(ceBroker, pars, pars ? "0704" : null, null), CancellationToken.None));
    }

    private async Task<PageClient> AdminAsync()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var page = PageClient.For(Factory);
        await page.SignInAsync(admin.Email!);
        return page;
    }

    [Fact]
    public async Task Roster_IsAnXlsWithColumnsAToH_AnExcelDate_OneRowPerLicenseCourseAndDate_AndListsSkippedRows()
    {
        // A nurse with a state license and a license whose authority is not a state; a course certificate and a
        // practice-improvement certificate on the same course and date; a revoked one.
        var nurse = await BoardsTestData.ClinicianAsync(Factory, Profession.Nurse, "Ana", "Lopez", ("FL", "RN9912345"), ("Florida Board of Nursing", "RN-77"));
        var course = await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ancc", June15);
        var practice = await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ancc", June15, kind: CreditKind.PracticeImprovement);
        await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ipce", June15, CertificateStatus.Revoked);
        await ConsentAsync(nurse.Id);
        // A counselor: no CE Broker profession code configured for counselors.
        var counselor = await BoardsTestData.ClinicianAsync(Factory, Profession.Counselor, "Kim", "Doe", ("NY", "MHC-1"));
        await BoardsTestData.CertificateAsync(Factory, counselor.Id, "naadac", June15);
        await ConsentAsync(counselor.Id);
        // A social worker with no license at all.
        var unlicensed = await BoardsTestData.ClinicianAsync(Factory, Profession.SocialWorker, "Lee", "Park");
        await BoardsTestData.CertificateAsync(Factory, unlicensed.Id, "ancc", June15);
        await ConsentAsync(unlicensed.Id);
        // No consent: never in the file.
        var silent = await BoardsTestData.ClinicianAsync(Factory, Profession.Nurse, "Sam", "Quiet", ("FL", "RN9999999"));
        await BoardsTestData.CertificateAsync(Factory, silent.Id, "ancc", June15);

        using var page = await AdminAsync();
        var (_, form) = await page.GetAsync("/admin/exports");
        Assert.True(form.GetElementById("sel-new")!.HasAttribute("checked")); // the default selection
        Assert.Equal("1234567", form.GetElementById("provider-number")?.TextContent);

        var posted = await ReportingExportClient.PostAsync(page, "CeBroker");
        var (exportId, file) = await ReportingExportClient.DownloadAsync(page, posted);
        Assert.Equal("application/vnd.ms-excel", file.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xls", file.Content.Headers.ContentDisposition?.FileNameStar ?? file.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var (rows, dateFormats) = ReportingExportClient.ReadWorkbook(await file.Content.ReadAsByteArrayAsync());

        // One row: the practice-improvement certificate on the same course and date is not a second one.
        var row = Assert.Single(rows);
        Assert.Equal(new object?[] { "1234567", "654321", null, null, "RN9912345", new DateTime(2025, 6, 15), "State=FL", "Profession=RN" }, row);
        Assert.IsType<DateTime>(row[ReportingExports.CeBrokerDateColumn]); // a date cell, not text
        Assert.Contains("yyyy", dateFormats[0], StringComparison.OrdinalIgnoreCase);

        // The export remembers what it contained: the course certificate and the license.
        var recorded = await QueryAsync(db => db.Set<ReportingExportRow>().AsNoTracking().Where(r => r.ExportId == exportId).ToListAsync());
        var only = Assert.Single(recorded);
        Assert.Equal((course.Id, "FL", "RN9912345", new DateOnly(2025, 6, 15)), (only.CertificateId, only.LicenseState, only.LicenseNumber, only.CompletedOn));

        // The page after the export lists what was skipped and why.
        var (_, result) = await page.GetAsync(posted.Response.Headers.Location!.ToString());
        Assert.Equal("1", result.GetElementById("export-rows")?.TextContent);
        Assert.Contains("not reported in an earlier export", result.GetElementById("export-result")!.TextContent, StringComparison.Ordinal);
        var skipped = result.QuerySelectorAll("#skipped-rows tbody tr")
            .Select(tr => (tr.QuerySelector("td[data-label='Learner']")!.TextContent, tr.QuerySelector("td[data-label='License']")!.TextContent, tr.QuerySelector(".skip-reason")!.TextContent))
            .ToList();
        Assert.Contains(skipped, s => s.Item1 == "Ana Lopez" && s.Item2 == "RN-77" && s.Item3.Contains("\"Florida Board of Nursing\" is not a US state", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Item1 == "Ana Lopez" && s.Item2 == "RN9912345" && s.Item3.Contains("practice-improvement", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Item1 == "Kim Doe" && s.Item3.Contains("no CE Broker profession code for Counselor: set Reporting:CeBrokerProfessionCodes:Counselor", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Item1 == "Lee Park" && s.Item3.Contains("no license number", StringComparison.Ordinal));
        Assert.DoesNotContain(skipped, s => s.Item1 == "Sam Quiet");
        Assert.NotEqual(course.Id, practice.Id);
    }

    [Fact]
    public async Task DefaultExport_DoesNotRepeatEarlierRows_AndAnExplicitRangeReSendsThem()
    {
        var nurse = await BoardsTestData.ClinicianAsync(Factory, Profession.Nurse, "Ana", "Lopez", ("FL", "RN9912345"));
        await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ancc", June15);
        await ConsentAsync(nurse.Id);
        using var page = await AdminAsync();

        var (firstId, first) = await ReportingExportClient.DownloadAsync(page, await ReportingExportClient.PostAsync(page, "CeBroker", "new"));
        Assert.Single(ReportingExportClient.ReadWorkbook(await first.Content.ReadAsByteArrayAsync()).Rows);

        // Nothing new: nothing to send, and no export recorded.
        var (again, nothing) = await ReportingExportClient.PostAsync(page, "CeBroker", "new");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("1 already reported", nothing.GetElementById("export-nothing")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await QueryAsync(db => db.Set<ReportingExport>().CountAsync()));

        // A later completion (another credit type, ten days on): only that row goes in the next default export.
        var later = await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ipce", June15.AddDays(10));
        var (secondId, second) = await ReportingExportClient.DownloadAsync(page, await ReportingExportClient.PostAsync(page, "CeBroker"));
        var row = Assert.Single(ReportingExportClient.ReadWorkbook(await second.Content.ReadAsByteArrayAsync()).Rows);
        Assert.Equal(new DateTime(2025, 6, 25), row[ReportingExports.CeBrokerDateColumn]);
        Assert.Equal([later.Id], await QueryAsync(db => db.Set<ReportingExportRow>().Where(r => r.ExportId == secondId).Select(r => r.CertificateId).ToListAsync()));
        Assert.NotEqual(firstId, secondId);

        // The admin can still re-send a period on purpose, and the page says so.
        var posted = await ReportingExportClient.PostAsync(page, "CeBroker", "range", "2025-06-01", "2025-06-30");
        var (rangeId, range) = await ReportingExportClient.DownloadAsync(page, posted);
        Assert.Equal(2, ReportingExportClient.ReadWorkbook(await range.Content.ReadAsByteArrayAsync()).Rows.Count);
        var (_, described) = await page.GetAsync(posted.Response.Headers.Location!.ToString());
        Assert.Contains("from 2025-06-01 to 2025-06-30, including any already reported", described.GetElementById("export-result")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, described.QuerySelectorAll("#export-history tbody tr").Length);
        Assert.NotEqual(secondId, rangeId);

        // An invalid range is refused in the page.
        var (invalid, invalidPage) = await ReportingExportClient.PostAsync(page, "CeBroker", "range", "2025-07-01", "2025-06-30");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("start date", invalidPage.GetElementById("export-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, await QueryAsync(db => db.Set<ReportingExport>().CountAsync()));
    }

    [Fact]
    public async Task MissingProviderNumberOrParsActivityId_RefusesNamingTheSetting_AndRecordsNothing()
    {
        var nurse = await BoardsTestData.ClinicianAsync(Factory, Profession.Nurse, "Ana", "Lopez", ("FL", "RN9912345"));
        await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ancc", June15);
        await ConsentAsync(nurse.Id);
        var doctor = await BoardsTestData.ClinicianAsync(Factory, Profession.Physician, "Lee", "Park", ("CA", "A12345"));
        await BoardsTestData.CertificateAsync(Factory, doctor.Id, "ama-pra-1", June15);
        await ConsentAsync(doctor.Id, ceBroker: false, pars: true);
        ReportingExportClient.Configure(Factory, provider: "", parsActivity: "");
        using var page = await AdminAsync();

        var (_, form) = await page.GetAsync("/admin/exports");
        Assert.Contains("Reporting:ProviderTrackingNumber", form.GetElementById("provider-missing")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Reporting:ParsActivityId", form.GetElementById("pars-missing")!.TextContent, StringComparison.Ordinal);

        var (roster, rosterPage) = await ReportingExportClient.PostAsync(page, "CeBroker");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, roster.StatusCode);
        Assert.Contains("Set Reporting:ProviderTrackingNumber", rosterPage.GetElementById("export-error")!.TextContent, StringComparison.Ordinal);

        var (pars, parsPage) = await ReportingExportClient.PostAsync(page, "Pars");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pars.StatusCode);
        Assert.Contains("Set Reporting:ParsActivityId", parsPage.GetElementById("export-error")!.TextContent, StringComparison.Ordinal);

        Assert.Equal(0, await QueryAsync(db => db.Set<ReportingExport>().CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.Set<ReportingExportRow>().CountAsync()));
    }

    [Fact]
    public async Task ProgramDirectorsAndClinicians_CannotRunOrDownloadAnExport()
    {
        var nurse = await BoardsTestData.ClinicianAsync(Factory, Profession.Nurse, "Ana", "Lopez", ("FL", "RN9912345"));
        await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ancc", June15);
        await ConsentAsync(nurse.Id);
        Guid exportId;
        using (var admin = await AdminAsync())
        {
            (exportId, _) = await ReportingExportClient.DownloadAsync(admin, await ReportingExportClient.PostAsync(admin, "CeBroker", "range", "2025-06-01", "2025-06-30"));
        }

        foreach (var role in new[] { Roles.ProgramDirector, Roles.Clinician })
        {
            var user = await Factory.CreateUserAsync(role);
            using var page = PageClient.For(Factory);
            await page.SignInAsync(user.Email!);
            foreach (var handler in new[] { "CeBroker", "Pars" })
            {
                var (denied, _) = await ReportingExportClient.PostAsync(page, handler, "range", "2025-06-01", "2025-06-30");
                Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
                Assert.Contains("/accounts/access-denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);
            }
            var file = await page.Http.GetAsync($"/admin/exports?handler=File&ExportId={exportId}");
            Assert.Equal(HttpStatusCode.Redirect, file.StatusCode);
            Assert.Contains("/accounts/access-denied", file.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(1, await QueryAsync(db => db.Set<ReportingExport>().CountAsync()));
    }
}
