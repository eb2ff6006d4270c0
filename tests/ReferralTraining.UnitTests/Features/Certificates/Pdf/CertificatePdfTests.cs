using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Pdf;
using static ReferralTraining.UnitTests.Features.Certificates.Pdf.PdfReading;

namespace ReferralTraining.UnitTests.Features.Certificates.Pdf;

public sealed class CertificatePdfTests
{
    [Fact]
    public void Certificate_ShowsEverythingTheAccreditorsAskFor()
    {
        var doc = PdfTestData.Certificate();
        using var pdf = Open(CertificatePdf.Render(doc, "America/Chicago"));
        var page = Assert.Single(pdf.GetPages());

        AssertShows(page, "ReferralTraining".ToUpperInvariant());
        AssertShows(page, "https://referraltraining.example.org");
        AssertShows(page, "Certificate of completion");
        AssertShows(page, "Jordan A. Rivera");
        AssertShows(page, "Illinois Certification Board · CADC 123456");
        AssertShows(page, "Intensive referral to mutual-help groups");
        AssertShows(page, "Enduring material (online, self-paced)");
        AssertShows(page, "0.5 NAADAC CE hours");
        AssertShows(page, PdfTestData.NaadacStatement);
        AssertShows(page, "RT-7K3M-9QXD");
        AssertShows(page, "https://referraltraining.example.org/verify/RT-7K3M-9QXD");
        AssertShows(page, "Content version 1.1.0");
        AssertShows(page, "text fingerprint 3fa9c2d41e07 (identifies the exact course text studied)");
        Assert.DoesNotContain("3fa9c2d41e07b5a8c6d2", Compact(page), StringComparison.Ordinal);
        Assert.DoesNotContain("0.50", Compact(page), StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_IsOneLandscapeLetterPage_WithMetadata()
    {
        using var pdf = Open(CertificatePdf.Render(PdfTestData.Certificate(), "America/Chicago"));
        var page = Assert.Single(pdf.GetPages());
        Assert.Equal((792d, 612d), (Math.Round(page.Width), Math.Round(page.Height)));
        Assert.Equal("ReferralTraining", pdf.Information.Author);
        Assert.Contains("Intensive referral to mutual-help groups", pdf.Information.Title, StringComparison.Ordinal);
        Assert.Contains("0.5 NAADAC CE hours", pdf.Information.Subject, StringComparison.Ordinal);
        Assert.Contains("RT-7K3M-9QXD", pdf.Information.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_EmbedsDejaVuFonts_AndUsesNoStandardFont()
    {
        var bytes = CertificatePdf.Render(PdfTestData.Certificate(), "America/Chicago");
        using var pdf = Open(bytes);
        var page = pdf.GetPage(1);
        var fonts = page.Letters.Select(l => l.FontName).Distinct().ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.Contains("DejaVu", f, StringComparison.Ordinal));
        Assert.Contains(fonts, f => f is not null && f.Contains("DejaVu Sans Mono", StringComparison.Ordinal));
        // Each font used is a TrueType program embedded in the file (as a subset).
        Assert.True(CountOccurrences(bytes, "/FontFile2") >= fonts.Count, $"{CountOccurrences(bytes, "/FontFile2")} embedded font files for {fonts.Count} fonts");
        Assert.Equal(0, CountOccurrences(bytes, "/Helvetica"));
    }

    [Fact]
    public void Certificate_DrawsTheQrCodeAsVectorRectangles_NotAnImage()
    {
        using var pdf = Open(CertificatePdf.Render(PdfTestData.Certificate(), "America/Chicago"));
        var page = pdf.GetPage(1);
        Assert.True(CountOperators(page, "re") >= 100, $"only {CountOperators(page, "re")} rectangles");
        Assert.Empty(page.GetImages());
    }

    [Fact]
    public void Certificate_ShowsActivityDatesInTheLearnersZone_AndNamesIt()
    {
        // 03:30 UTC on March 6 is still the evening of March 5 in Chicago.
        var doc = PdfTestData.Certificate() with { ActivityEnd = new DateTimeOffset(2026, 3, 6, 3, 30, 0, TimeSpan.Zero) };
        using var pdf = Open(CertificatePdf.Render(doc, "America/Chicago"));
        var page = pdf.GetPage(1);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        AssertShows(page, $"March 3, 2026 – March 5, 2026 · dates in {PdfKit.ZoneName(zone)}");

        using var utc = Open(CertificatePdf.Render(doc, "UTC"));
        AssertShows(utc.GetPage(1), "March 3, 2026 – March 6, 2026");
    }

    [Fact]
    public void Certificate_WithAnUnknownZone_FallsBackToUtc()
    {
        using var pdf = Open(CertificatePdf.Render(PdfTestData.Certificate(), "Not/AZone"));
        AssertShows(pdf.GetPage(1), "March 3, 2026 – March 5, 2026");
    }

    [Theory]
    [InlineData("0.5", "0.5")]
    [InlineData("0.50", "0.5")]
    [InlineData("1.25", "1.25")]
    [InlineData("1.00", "1")]
    [InlineData("1", "1")]
    [InlineData("12.5", "12.5")]
    [InlineData("0.75", "0.75")]
    public void CreditAmounts_ShowOnlyTheDecimalsTheyNeed(string amount, string expected)
    {
        var credits = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{expected} NAADAC CE hours", PdfKit.Credit(credits, "NAADAC CE hours"));
        using var pdf = Open(CertificatePdf.Render(PdfTestData.Certificate() with { Credits = credits, CreditsAvailable = credits }, "UTC"));
        AssertShows(pdf.GetPage(1), $"Credit awarded: {expected} NAADAC CE hours");
    }

    [Fact]
    public void Certificate_WithPartialCredit_ShowsTheMaximumToo()
    {
        using var pdf = Open(CertificatePdf.Render(PdfTestData.Certificate() with { Credits = 0.25m, CreditsAvailable = 0.5m }, "UTC"));
        AssertShows(pdf.GetPage(1), "Credit awarded: 0.25 NAADAC CE hours");
        AssertShows(pdf.GetPage(1), "Maximum for this activity: 0.5 NAADAC CE hours");
    }

    [Fact]
    public void SpecialCharactersAndLongText_RenderAndWrap_WithoutThrowing()
    {
        const string title = "Referral after “treatment as usual”: the clinician’s role when a patient can’t attend — mutual-help groups, "
            + "SMART Recovery, Women for Sobriety, Refuge Recovery and Dual Recovery Anonymous for people with co-occurring "
            + "disorders in primary care, emergency departments, drug courts and probation settings across rural and urban communities";
        const string statement = "The ReferralTraining Institute designates this enduring material for a maximum of 0.5 AMA PRA Category 1 Credits™. "
            + "Physicians should claim only the credit commensurate with the extent of their participation in the activity. "
            + "The ReferralTraining Institute is accredited by the Accreditation Council for Continuing Medical Education (ACCME) to provide continuing medical education for physicians. "
            + "In support of improving patient care, the ReferralTraining Institute is jointly accredited by the Accreditation Council for Continuing Medical Education (ACCME), "
            + "the Accreditation Council for Pharmacy Education (ACPE), and the American Nurses Credentialing Center (ANCC), to provide continuing education for the healthcare team.";
        var doc = PdfTestData.Certificate() with
        {
            HolderGivenName = "José María",
            HolderMiddleName = "Núñez",
            HolderFamilyName = "Müller-O'Brien",
            HolderSuffix = "Jr.",
            Licenses =
            [
                new LicenseLine("Junta de Licenciamiento de Puerto Rico", "Lic. Núm. 4471-ñ"),
                new LicenseLine("Medical Board of California", "A 123456"),
                new LicenseLine("Board of Behavioral Sciences (Zoë Müller’s office)", "LPCC 98765"),
            ],
            CourseTitle = title,
            CreditTypeId = "ama-pra-1",
            CreditTypeName = "AMA PRA Category 1 Credit™",
            CreditUnit = "AMA PRA Category 1 Credits™",
            AccreditationStatement = statement,
            VerifyUrl = "https://referraltraining.example.org/verify/RT-7K3M-9QXD?source=certificate-pdf&lang=es-PR&x=0123456789abcdef0123456789",
        };

        using var pdf = Open(CertificatePdf.Render(doc, "America/Puerto_Rico"));
        var page = Assert.Single(pdf.GetPages());
        AssertShows(page, "José María Núñez Müller-O'Brien Jr.");
        AssertShows(page, "Lic. Núm. 4471-ñ");
        AssertShows(page, "Zoë Müller’s office");
        AssertShows(page, title); // wrapped, never cut short
        AssertShows(page, "0.5 AMA PRA Category 1 Credits™");
        AssertShows(page, "Physicians should claim only the credit commensurate");
        AssertShows(page, "RT-7K3M-9QXD");
        Assert.True(CountOperators(page, "re") >= 100);
    }

    [Fact]
    public void Rendering_InParallel_RegistersFontsOnceAndSucceeds()
    {
        var results = new byte[8][];
        Parallel.For(0, results.Length, i =>
        {
            CertificateFontResolver.EnsureRegistered();
            results[i] = i % 2 == 0
                ? CertificatePdf.Render(PdfTestData.Certificate(), "America/Chicago")
                : TranscriptPdf.Render(PdfTestData.Transcript([PdfTestData.Line(i)]));
        });
        Assert.All(results, r => Assert.True(r.Length > 1000));
        Assert.Same(CertificateFontResolver.Instance, PdfSharp.Fonts.GlobalFontSettings.FontResolver);
    }
}
