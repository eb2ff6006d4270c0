using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.IntegrationTests.Features.Verification;

public sealed class SharingAndExportsTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    [Fact]
    public async Task SharingPage_GrantsAndWithdrawsPerBody_AndValidatesReportingFields()
    {
        var board = await Factory.CreateUserAsync(Roles.CredentialingBody);
        var other = await Factory.CreateUserAsync(Roles.CredentialingBody);
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(clinician.Email!);

        var (_, form) = await page.GetAsync("/certificates/sharing");
        Assert.NotNull(form.GetElementById($"body-{board.Id}"));
        Assert.Contains("Test CredentialingBody", form.QuerySelector($"label[for='body-{board.Id}']")!.TextContent, StringComparison.Ordinal);

        var (saved, _) = await page.SubmitAsync("/certificates/sharing", new Dictionary<string, string> { ["BodyIds"] = board.Id.ToString() }, "#sharing-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal([board.Id], await QueryAsync(db => db.Set<ShareConsent>().Where(c => c.WithdrawnAt == null).Select(c => c.BodyUserId).ToListAsync()));
        var (_, reloaded) = await page.GetAsync("/certificates/sharing");
        Assert.True(reloaded.GetElementById($"body-{board.Id}")!.HasAttribute("checked"));
        Assert.False(reloaded.GetElementById($"body-{other.Id}")!.HasAttribute("checked"));

        await page.SubmitAsync("/certificates/sharing", new Dictionary<string, string>(), "#sharing-form");
        Assert.Equal(0, await QueryAsync(db => db.Set<ShareConsent>().CountAsync(c => c.WithdrawnAt == null)));

        var (bad, badPage) = await page.SubmitAsync("/certificates/sharing",
            new Dictionary<string, string> { ["Reporting.Pars"] = "true", ["Reporting.Npi"] = "1234567890" }, "#reporting-form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("month and day of birth", PageClient.FieldError(badPage, "Reporting_BirthMonthDay"), StringComparison.Ordinal);
        Assert.Contains("check digit", PageClient.FieldError(badPage, "Reporting_Npi"), StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Set<ReportingConsent>().CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.Set<ReportingProfile>().CountAsync()));

        var (good, _) = await page.SubmitAsync("/certificates/sharing",
            new Dictionary<string, string> { ["Reporting.Pars"] = "true", ["Reporting.BirthMonthDay"] = "02/29", ["Reporting.Npi"] = "1234567893" }, "#reporting-form");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var profile = await QueryAsync(db => db.Set<ReportingProfile>().AsNoTracking().SingleAsync());
        Assert.Equal(("0229", "1234567893"), (profile.BirthMonthDay, profile.Npi));
        Assert.Equal([ReportingTargets.Pars], await QueryAsync(db => db.Set<ReportingConsent>().Where(c => c.WithdrawnAt == null).Select(c => c.Target).ToListAsync()));
    }

    [Fact]
    public async Task Exports_IncludeOnlyConsentingLearnersAndActiveCertificates_AndNeutraliseFormulas()
    {
        var when = new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);
        // Consents to CE Broker; a license "number" that is a spreadsheet formula.
        var nurse = await BoardsTestData.ClinicianAsync(Factory, Profession.Nurse, "Ana", "Lopez", ("FL", "=HYPERLINK(\"http://x\")"), ("Florida Board of Nursing", "RN-77"));
        await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ancc", when);
        await BoardsTestData.CertificateAsync(Factory, nurse.Id, "ipce", when, CertificateStatus.Revoked);
        // No consent.
        var silent = await BoardsTestData.ClinicianAsync(Factory, Profession.Nurse, "Sam", "Quiet", ("FL", "RN-99"));
        await BoardsTestData.CertificateAsync(Factory, silent.Id, "ancc", when);
        // Physician consenting to PARS, with a formula in the name.
        var doctor = await BoardsTestData.ClinicianAsync(Factory, Profession.Physician, "@Lee", "Park", ("CA", "A12345"));
        await BoardsTestData.CertificateAsync(Factory, doctor.Id, "ama-pra-1", when);
        // Counselor consenting to PARS: not a physician, so not reported there.
        var counselor = await BoardsTestData.ClinicianAsync(Factory, Profession.Counselor, "Kim", "Doe", ("NY", "MHC-1"));
        await BoardsTestData.CertificateAsync(Factory, counselor.Id, "naadac", when);
        using (var scope = Factory.Services.CreateScope())
        {
            var consents = scope.ServiceProvider.GetRequiredService<ConsentService>();
            Assert.Empty(await consents.SetReportingAsync(nurse.Id, new ReportingChoices(true, false, null, null), CancellationToken.None));
            Assert.Empty(await consents.SetReportingAsync(doctor.Id, new ReportingChoices(false, true, "0704", "1234567893"), CancellationToken.None));
            Assert.Empty(await consents.SetReportingAsync(counselor.Id, new ReportingChoices(false, true, "1231", null), CancellationToken.None));
        }

        ReportingExportClient.Configure(Factory);
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(admin.Email!);

        // The roster workbook: the consenting nurse's active certificate, once per license issued by a state; the
        // license "number" that looks like a formula is a text cell, never run.
        var (_, roster) = await ReportingExportClient.DownloadAsync(page, await ReportingExportClient.PostAsync(page, "CeBroker", "range", "2025-06-01", "2025-06-30"));
        var row = Assert.Single(ReportingExportClient.ReadWorkbook(await roster.Content.ReadAsByteArrayAsync()).Rows);
        Assert.Equal(new object?[] { "1234567", "654321", null, null, "=HYPERLINK(\"http://x\")", new DateTime(2025, 6, 15), "State=FL", "Profession=RN" }, row);

        var (outside, _) = await ReportingExportClient.PostAsync(page, "CeBroker", "range", "2025-07-01", "2025-07-31");
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode); // nothing to send, nothing recorded

        var (_, pars) = await ReportingExportClient.DownloadAsync(page, await ReportingExportClient.PostAsync(page, "Pars", "range", "2025-06-01", "2025-06-30"));
        var lines = (await pars.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(string.Join('\t', ReportingExports.ParsColumns), lines[0]);
        Assert.Equal("'@Lee\tPark\t0704\t1234567893\tCA\tA12345\t06/15/2025\t0.25\t202600017", lines[1]);

        var (invalid, _) = await ReportingExportClient.PostAsync(page, "Pars", "range", "2025-07-01", "2025-06-30");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(2, await QueryAsync(db => db.Set<ReportingExport>().CountAsync()));
    }
}
