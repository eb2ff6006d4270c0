using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ReferralTraining.Web.Features.Certificates.Pdf;

/// <summary>
/// Draws a learner's transcript: portrait US Letter, a header with the learner, licenses and date range, one table row
/// per certificate (the header row repeats on every page), totals per credit unit at the end, and "Page X of Y" with
/// the generation time on every page. Lines are printed in the order given.
/// </summary>
public static class TranscriptPdf
{
    private const double PageWidth = 612;
    private const double PageHeight = 792;
    private const double Margin = 40;
    private const double FooterTop = PageHeight - 34;
    private const double BodyBottom = FooterTop - 10;
    private const double CellPadX = 3;
    private const double CellPadY = 3;
    private const int MaxLinesPerCell = 6;

    private static readonly Column[] Columns =
    [
        new("Completed", 58),
        new("Course", 134),
        new("Version", 42),
        new("Credit type", 56),
        new("Amount", 104),
        new("Verification code", 80, Mono: true),
        new("Status", 58),
    ];

    /// <summary>Statuses whose credit no longer counts; such lines are listed but left out of the totals.</summary>
    private static readonly string[] NotCounted = ["revoked", "suspended"];

    private sealed record Column(string Title, double Width, bool Mono = false);

    /// <returns>The PDF file.</returns>
    public static byte[] Render(TranscriptDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        CertificateFontResolver.EnsureRegistered();
        using var pdf = new PdfDocument();
        pdf.Info.Title = $"Continuing education transcript: {PdfKit.Clean(doc.HolderName)}";
        pdf.Info.Author = PdfKit.Clean(doc.ProviderName);
        pdf.Info.Subject = $"Certificates for {PdfKit.Clean(doc.HolderName)}, {DateRange(doc)}";
        pdf.Info.Creator = "ReferralTraining";
        pdf.Info.CreationDate = doc.GeneratedAt.UtcDateTime;

        new Writer(pdf, doc).Write();

        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>"All dates", "March 1, 2026 – March 31, 2026", "From March 1, 2026" or "Through March 31, 2026".</summary>
    internal static string DateRange(TranscriptDocument doc) => (doc.From, doc.To) switch
    {
        (null, null) => "All dates",
        ({ } from, null) => $"From {PdfKit.LongDate(from)}",
        (null, { } to) => $"Through {PdfKit.LongDate(to)}",
        ({ } from, { } to) => $"{PdfKit.LongDate(from)} – {PdfKit.LongDate(to)}",
    };

    internal static bool Counts(TranscriptLine line) =>
        !NotCounted.Contains(line.Status.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Credit per unit over the lines that count, ordered by unit.</summary>
    internal static IReadOnlyList<(string Unit, decimal Total, int Certificates)> Totals(IEnumerable<TranscriptLine> lines) =>
        lines.Where(Counts)
            .GroupBy(l => PdfKit.Clean(l.CreditUnit), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, g.Sum(l => l.Credits), g.Count()))
            .ToList();

    private sealed class Writer(PdfDocument pdf, TranscriptDocument doc)
    {
        private readonly TimeZoneInfo zone = PdfKit.Zone(doc.TimeZoneId);

        // A certificate's date is the one it shows everywhere (ADR-018): in its own zone, named when that is not the transcript's.
        private string CompletedCell(TranscriptLine line)
        {
            if (line.CompletedZoneId is null)
            {
                return PdfKit.ShortDate(line.CompletedAt, zone);
            }
            var own = PdfKit.Zone(line.CompletedZoneId);
            var date = PdfKit.ShortDate(line.CompletedAt, own);
            return own.Id == zone.Id ? date : $"{date} ({PdfKit.ZoneName(own)})";
        }
        private readonly XFont cellFont = PdfKit.Font(7.5);
        private readonly XFont cellBold = PdfKit.Font(7.5, bold: true);
        private readonly XFont cellMono = PdfKit.Font(7.5, mono: true);
        private XGraphics? gfx;
        private double y;

        private XGraphics Gfx => gfx ?? throw new InvalidOperationException("No page is open.");

        public void Write()
        {
            try
            {
                NewPage();
                DrawFirstHeader();
                DrawTable();
                DrawTotals();
            }
            finally
            {
                gfx?.Dispose();
            }
            DrawFooters();
        }

        private void NewPage()
        {
            gfx?.Dispose();
            var page = pdf.AddPage();
            page.Size = PageSize.Letter;
            page.Orientation = PageOrientation.Portrait;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
            if (pdf.PageCount > 1)
            {
                var title = $"Continuing education transcript · {PdfKit.Clean(doc.HolderName)} · {DateRange(doc)}";
                y = PdfKit.DrawLines(Gfx, PdfKit.Wrap(Gfx, title, PdfKit.Font(8.5, bold: true), PageWidth - (2 * Margin), 1), PdfKit.Font(8.5, bold: true), PdfKit.Muted, Margin, PageWidth - (2 * Margin), y);
                y += 6;
            }
        }

        private void DrawFirstHeader()
        {
            var width = PageWidth - (2 * Margin);
            y = PdfKit.DrawLines(Gfx, PdfKit.Wrap(Gfx, PdfKit.Clean(doc.ProviderName), PdfKit.Font(10, bold: true), width, 1), PdfKit.Font(10, bold: true), PdfKit.Muted, Margin, width, y);
            y = PdfKit.DrawWrapped(Gfx, PdfKit.Clean(doc.ProviderUrl), PdfKit.Font(8), PdfKit.Muted, Margin, width, y);
            y += 8;
            y = PdfKit.DrawLines(Gfx, ["Continuing education transcript"], PdfKit.Font(20, bold: true), PdfKit.Ink, Margin, width, y);
            y += 2;
            y = PdfKit.DrawWrapped(Gfx, PdfKit.Clean(doc.HolderName), PdfKit.Font(14, bold: true), PdfKit.Ink, Margin, width, y);
            var licenses = PdfKit.Licenses(doc.Licenses);
            var label = doc.Licenses.Count == 1 ? "License" : "Licenses";
            y = Field(label, licenses.Length > 0 ? licenses : "None on file", width);
            y = Field("Dates", DateRange(doc), width);
            y = Field("Time zone", $"{PdfKit.ZoneName(zone)}; dates below are in this zone", width);
            y = Field("Generated", PdfKit.DateTime(doc.GeneratedAt, zone), width);
            y += 10;
        }

        private double Field(string label, string value, double width)
        {
            var labelFont = PdfKit.Font(9, bold: true);
            var valueFont = PdfKit.Font(9);
            const double labelWidth = 66;
            Gfx.DrawString(label, labelFont, new XSolidBrush(PdfKit.Muted), Margin, y, XStringFormats.TopLeft);
            return PdfKit.DrawWrapped(Gfx, value, valueFont, PdfKit.Ink, Margin + labelWidth, width - labelWidth, y);
        }

        private void DrawTable()
        {
            DrawHeaderRow();
            if (doc.Lines.Count == 0)
            {
                y = PdfKit.DrawWrapped(Gfx, "No certificates were issued in this date range.", PdfKit.Font(9), PdfKit.Ink, Margin + CellPadX, PageWidth - (2 * Margin), y + 6);
                return;
            }
            for (var i = 0; i < doc.Lines.Count; i++)
            {
                var line = doc.Lines[i];
                var counts = Counts(line);
                var cells = new[]
                {
                    CompletedCell(line),
                    PdfKit.Clean(line.CourseTitle),
                    PdfKit.Clean(line.CourseVersion),
                    PdfKit.Clean(line.CreditTypeName),
                    PdfKit.Credit(line.Credits, PdfKit.Clean(line.CreditUnit)),
                    line.VerificationCode.Trim(),
                    PdfKit.Clean(line.Status),
                };
                var wrapped = new List<string>[cells.Length];
                for (var c = 0; c < cells.Length; c++)
                {
                    wrapped[c] = PdfKit.Wrap(Gfx, cells[c], FontFor(c, counts), Columns[c].Width - (2 * CellPadX), MaxLinesPerCell);
                }
                var height = (wrapped.Max(w => w.Count) * PdfKit.LineHeight(cellFont)) + (2 * CellPadY);
                if (y + height > BodyBottom)
                {
                    NewPage();
                    DrawHeaderRow();
                }
                if (i % 2 == 1)
                {
                    Gfx.DrawRectangle(new XSolidBrush(PdfKit.Shade), Margin, y, TableWidth, height);
                }
                var x = Margin;
                for (var c = 0; c < cells.Length; c++)
                {
                    PdfKit.DrawLines(Gfx, wrapped[c], FontFor(c, counts), PdfKit.Ink, x + CellPadX, Columns[c].Width - (2 * CellPadX), y + CellPadY);
                    x += Columns[c].Width;
                }
                y += height;
                Gfx.DrawLine(new XPen(PdfKit.Rule, 0.25), Margin, y, Margin + TableWidth, y);
            }
        }

        /// <summary>Statuses that void the credit are bold, so they stand out without color.</summary>
        private XFont FontFor(int column, bool counts) =>
            Columns[column].Mono ? cellMono : column == Columns.Length - 1 && !counts ? cellBold : cellFont;

        private static double TableWidth => Columns.Sum(c => c.Width);

        private void DrawHeaderRow()
        {
            var font = PdfKit.Font(7.5, bold: true);
            var wrapped = Columns.Select(c => PdfKit.Wrap(Gfx, c.Title, font, c.Width - (2 * CellPadX))).ToList();
            var height = (wrapped.Max(w => w.Count) * PdfKit.LineHeight(font)) + (2 * CellPadY);
            Gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xDD, 0xDD, 0xDD)), Margin, y, TableWidth, height);
            var x = Margin;
            for (var c = 0; c < Columns.Length; c++)
            {
                PdfKit.DrawLines(Gfx, wrapped[c], font, PdfKit.Ink, x + CellPadX, Columns[c].Width - (2 * CellPadX), y + CellPadY);
                x += Columns[c].Width;
            }
            y += height;
            Gfx.DrawLine(new XPen(PdfKit.Muted, 0.75), Margin, y, Margin + TableWidth, y);
        }

        private void DrawTotals()
        {
            var totals = Totals(doc.Lines);
            var excluded = doc.Lines.Count(l => !Counts(l));
            var lineHeight = PdfKit.LineHeight(PdfKit.Font(9));
            var needed = 30 + (Math.Max(1, totals.Count) * lineHeight) + (excluded > 0 ? lineHeight * 2 : 0);
            y += 16;
            if (y + needed > BodyBottom)
            {
                NewPage();
            }
            var width = PageWidth - (2 * Margin);
            y = PdfKit.DrawLines(Gfx, ["Totals"], PdfKit.Font(12, bold: true), PdfKit.Ink, Margin, width, y);
            y += 2;
            if (totals.Count == 0)
            {
                y = PdfKit.DrawWrapped(Gfx, "No credit in this date range.", PdfKit.Font(9), PdfKit.Ink, Margin, width, y);
            }
            foreach (var (unit, total, certificates) in totals)
            {
                var amount = PdfKit.Credit(total, unit);
                var bold = PdfKit.Font(9, bold: true);
                Gfx.DrawString(amount, bold, new XSolidBrush(PdfKit.Ink), Margin, y, XStringFormats.TopLeft);
                var from = certificates == 1 ? "from 1 certificate" : $"from {certificates} certificates";
                Gfx.DrawString(from, PdfKit.Font(9), new XSolidBrush(PdfKit.Muted), Margin + PdfKit.Width(Gfx, amount, bold) + 8, y, XStringFormats.TopLeft);
                y += lineHeight;
            }
            if (excluded > 0)
            {
                y += 4;
                var note = excluded == 1
                    ? "1 revoked or suspended certificate is listed above but not counted in these totals."
                    : $"{excluded} revoked or suspended certificates are listed above but not counted in these totals.";
                y = PdfKit.DrawWrapped(Gfx, note, PdfKit.Font(8.5), PdfKit.Muted, Margin, width, y);
            }
        }

        /// <summary>Drawn once every page exists, so each can say "Page X of Y".</summary>
        private void DrawFooters()
        {
            var total = pdf.PageCount;
            var font = PdfKit.Font(7.5);
            var generated = $"Generated {PdfKit.DateTime(doc.GeneratedAt, zone)} by {PdfKit.Clean(doc.ProviderName)} · {PdfKit.Clean(doc.ProviderUrl)}";
            for (var i = 0; i < total; i++)
            {
                using var footer = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                var pageText = $"Page {i + 1} of {total}";
                var pageWidth = PdfKit.Width(footer, pageText, PdfKit.Font(8, bold: true));
                footer.DrawLine(new XPen(PdfKit.Rule, 0.5), Margin, FooterTop, PageWidth - Margin, FooterTop);
                footer.DrawString(pageText, PdfKit.Font(8, bold: true), new XSolidBrush(PdfKit.Ink), PageWidth - Margin - pageWidth, FooterTop + 5, XStringFormats.TopLeft);
                var left = PdfKit.Wrap(footer, generated, font, PageWidth - (2 * Margin) - pageWidth - 16, 2);
                PdfKit.DrawLines(footer, left, font, PdfKit.Muted, Margin, PageWidth - (2 * Margin) - pageWidth - 16, FooterTop + 5);
            }
        }
    }
}
