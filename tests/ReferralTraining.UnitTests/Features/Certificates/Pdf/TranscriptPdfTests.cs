using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Pdf;
using static ReferralTraining.UnitTests.Features.Certificates.Pdf.PdfReading;

namespace ReferralTraining.UnitTests.Features.Certificates.Pdf;

public sealed class TranscriptPdfTests
{
    /// <summary>120 lines: every sixth is 1.25 NBCC clock hours, the rest 0.5 NAADAC CE hours; line 3 is revoked.</summary>
    private static List<TranscriptLine> ManyLines() =>
        Enumerable.Range(0, 120)
            .Select(i => i % 6 == 5
                ? PdfTestData.Line(i, "NBCC clock hours", 1.25m)
                : PdfTestData.Line(i, status: i == 3 ? "Revoked" : "Valid"))
            .ToList();

    [Fact]
    public void Transcript_With120Lines_SpansPages_RepeatsTheHeaderRow_AndNumbersEveryPage()
    {
        using var pdf = Open(TranscriptPdf.Render(PdfTestData.Transcript(ManyLines())));
        var pages = pdf.GetPages().ToList();
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        foreach (var page in pages)
        {
            Assert.Equal((612d, 792d), (Math.Round(page.Width), Math.Round(page.Height)));
            AssertShows(page, $"Page {page.Number} of {pages.Count}");
            AssertShows(page, "Jordan A. Rivera");
            AssertShows(page, "Generated November 26, 2026, 9:30 AM Central Time");
        }
        // The header row is on every page that has table rows.
        foreach (var page in pages.Where(p => Compact(p).Contains("-ABCD", StringComparison.Ordinal)))
        {
            AssertShows(page, "CompletedCourseVersionCredit typeAmountVerification codeStatus");
        }
        // No row is lost or printed twice across page breaks.
        var all = string.Concat(pages.Select(Compact));
        for (var i = 0; i < 120; i++)
        {
            var code = $"RT-{i:0000}-ABCD";
            Assert.Equal(1, CountOf(all, code));
        }
    }

    [Fact]
    public void Transcript_EndsWithTotalsPerCreditUnit_LeavingOutRevokedCertificates()
    {
        using var pdf = Open(TranscriptPdf.Render(PdfTestData.Transcript(ManyLines())));
        var last = pdf.GetPages().Last();
        AssertShows(last, "Totals");
        AssertShows(last, "49.5 NAADAC CE hours from 99 certificates");
        AssertShows(last, "25 NBCC clock hours from 20 certificates");
        AssertShows(last, "1 revoked or suspended certificate is listed above but not counted");

        var totals = TranscriptPdf.Totals(ManyLines());
        Assert.Equal([("NAADAC CE hours", 49.5m, 99), ("NBCC clock hours", 25m, 20)], totals);
    }

    [Fact]
    public void Transcript_Header_ShowsLearnerLicensesAndDateRange()
    {
        using var pdf = Open(TranscriptPdf.Render(PdfTestData.Transcript([PdfTestData.Line(1), PdfTestData.Line(2, credits: 1m)])));
        var page = Assert.Single(pdf.GetPages());
        AssertShows(page, "Continuing education transcript");
        AssertShows(page, "Jordan A. Rivera");
        AssertShows(page, "Illinois Certification Board · CADC 123456; NBCC · NCC 998877");
        AssertShows(page, "DatesAll dates");
        AssertShows(page, "Jan 2, 2026");
        AssertShows(page, "1.5 NAADAC CE hours from 2 certificates");
        AssertShows(page, "Page 1 of 1");
        Assert.Equal("ReferralTraining", pdf.Information.Author);
        Assert.Contains("Jordan A. Rivera", pdf.Information.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "All dates")]
    [InlineData("2026-01-01", "2026-03-31", "January 1, 2026 – March 31, 2026")]
    [InlineData("2026-01-01", null, "From January 1, 2026")]
    [InlineData(null, "2026-03-31", "Through March 31, 2026")]
    public void DateRange_IsWrittenOut(string? from, string? to, string expected)
    {
        var doc = PdfTestData.Transcript([], from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, TranscriptPdf.DateRange(doc));
        using var pdf = Open(TranscriptPdf.Render(doc));
        AssertShows(pdf.GetPage(1), expected);
    }

    [Fact]
    public void EmptyTranscript_SaysSo()
    {
        using var pdf = Open(TranscriptPdf.Render(PdfTestData.Transcript([])));
        var page = Assert.Single(pdf.GetPages());
        AssertShows(page, "No certificates were issued in this date range.");
        AssertShows(page, "No credit in this date range.");
    }

    [Fact]
    public void SpecialCharactersAndLongCells_RenderAndWrap_WithoutThrowing()
    {
        var doc = PdfTestData.Transcript(
        [
            PdfTestData.Line(1) with
            {
                CourseTitle = "Référence “intensive” aux groupes d’entraide — niños, señoras y Müller’s clients: a title long enough to wrap over several lines of the course column in the table",
                VerificationCode = "RT-THIS-IS-AN-UNUSUALLY-LONG-VERIFICATION-CODE-0001",
                CreditTypeName = "AMA PRA Category 1 Credit™",
                CreditUnit = "AMA PRA Category 1 Credits™",
                Credits = 0.75m,
            },
        ]) with { HolderName = "Zoë Núñez-O'Brien" };
        using var pdf = Open(TranscriptPdf.Render(doc));
        var page = Assert.Single(pdf.GetPages());
        AssertShows(page, "Zoë Núñez-O'Brien");
        AssertShows(page, "Référence “intensive” aux groupes d’entraide — niños, señoras y Müller’s clients");
        AssertShows(page, "RT-THIS-IS-AN-UNUSUALLY-LONG-VERIFICATION-CODE-0001");
        AssertShows(page, "0.75 AMA PRA Category 1 Credits™");
    }

    private static int CountOf(string haystack, string needle)
    {
        var count = 0;
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
