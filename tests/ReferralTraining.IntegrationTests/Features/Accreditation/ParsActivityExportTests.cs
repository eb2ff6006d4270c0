using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReferralTraining.IntegrationTests.Features.Verification;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Accreditation;
using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.IntegrationTests.Features.Accreditation;

/// <summary>
/// Issue 22 item 6 (ADR-035): the PARS activity export beside the learner file, one row per course version active in the
/// reporting year with that year's learners, refused while a required setting is missing, naming it.
/// </summary>
public sealed class ParsActivityExportTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private static async Task<(HttpResponseMessage Response, AngleSharp.Dom.IDocument Document)> PostAsync(PageClient page, string year) =>
        await page.PostAsync("/admin/exports?handler=ParsActivities", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await page.AntiforgeryTokenAsync(),
            ["Year"] = year,
        });

    [Fact]
    public async Task ParsActivityExport_RefusesWithoutItsSettings_ThenCountsTheYearsLearnersPerVersion()
    {
        // This class's host is its own; the settings are set here, in place, as the other export tests do.
        var settings = Factory.Services.GetRequiredService<IOptions<AccreditationOptions>>().Value;
        (settings.Providership, settings.Competencies, settings.JointProviders) = ("", [], []);

        // 2026 (the fixture course's release year): a physician and a counselor complete; a nurse completes in 2027; a
        // revoked certificate does not count.
        var inYear = new DateTimeOffset(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);
        var doctor = await BoardsTestData.ClinicianAsync(Factory, Profession.Physician, "Lee", "Park");
        await BoardsTestData.CertificateAsync(Factory, doctor.Id, "ama-pra-1", inYear);
        var counselor = await BoardsTestData.ClinicianAsync(Factory, Profession.Counselor, "Kim", "Doe");
        await BoardsTestData.CertificateAsync(Factory, counselor.Id, "naadac", inYear);
        var nurse = await BoardsTestData.ClinicianAsync(Factory, Profession.Nurse, "Ana", "Lopez");
        await BoardsTestData.CertificateAsync(Factory, nurse.Id, "participation", new DateTimeOffset(2027, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var revoked = await BoardsTestData.ClinicianAsync(Factory, Profession.Physician, "Rae", "Voke");
        await BoardsTestData.CertificateAsync(Factory, revoked.Id, "ama-pra-1", inYear, CertificateStatus.Revoked);

        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(admin.Email!);

        var (refused, refusal) = await PostAsync(page, "2026");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(ParsActivityExport.RefusalProvidership, refusal.QuerySelector("#pars-activity-error")!.TextContent.Trim());
        settings.Providership = "Direct";
        (_, refusal) = await PostAsync(page, "2026");
        Assert.Contains("Accreditation:Competencies", refusal.QuerySelector("#pars-activity-error")!.TextContent, StringComparison.Ordinal);
        settings.Competencies = ["Patient care", "Interpersonal and communication skills"];

        var (invalid, invalidPage) = await PostAsync(page, "26");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("four digits", invalidPage.QuerySelector("#pars-activity-error")!.TextContent, StringComparison.Ordinal);

        var (ok, _) = await PostAsync(page, "2026");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("pars-activities-2026.txt", ok.Content.Headers.ContentDisposition?.FileNameStar ?? ok.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await ok.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join('\t', ParsActivityExport.Columns), lines[0]);
        var row = Assert.Single(lines.Skip(1)).Split('\t');
        var cell = (string column) => row[ParsActivityExport.Columns.ToList().IndexOf(column)];
        Assert.Equal("sample-course-1.0.0", cell("Provider Activity ID"));
        Assert.Equal("Enduring Material", cell("Activity Type"));
        Assert.Equal("11/01/2026", cell("Activity Date"));
        Assert.Equal("2026", cell("Reporting Year"));
        Assert.Equal("Direct", cell("Providership"));
        Assert.Equal("1", cell("Number of Physicians"));
        Assert.Equal("1", cell("Number of Other Learners"));
        Assert.Equal("No", cell("Commercial Support Received"));
        Assert.Equal("Patient care; Interpersonal and communication skills", cell("Competencies Addressed"));
        Assert.Equal("0.25", cell("AMA PRA Category 1 Credits Designated"));
        Assert.Equal("Yes", cell("Changes in Performance Evaluated")); // the fixture course follows up its commitments
        Assert.Equal("No", cell("Changes in Patient Outcomes Evaluated"));
        // From the planning record: competence and performance, not patient outcomes.
        Assert.Equal(("Yes", "Yes", "No"), (cell("Designed to Change Competence"), cell("Designed to Change Performance"), cell("Designed to Change Patient Outcomes")));

        // 2027: the nurse only; 2025: before the release, no activity.
        var (next, _) = await PostAsync(page, "2027");
        var nextRow = (await next.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1].Split('\t');
        Assert.Equal(("0", "1"), (nextRow[ParsActivityExport.Columns.ToList().IndexOf("Number of Physicians")], nextRow[ParsActivityExport.Columns.ToList().IndexOf("Number of Other Learners")]));
        var (before, _) = await PostAsync(page, "2025");
        Assert.Single((await before.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        // Admins only.
        var director = await Factory.CreateUserAsync(Roles.ProgramDirector);
        using var other = PageClient.For(Factory);
        await other.SignInAsync(director.Email!);
        var (denied, _) = await other.GetAsync("/admin/exports");
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            || denied.Headers.Location?.ToString().Contains("access-denied", StringComparison.Ordinal) == true, $"{denied.StatusCode}");
    }
}
