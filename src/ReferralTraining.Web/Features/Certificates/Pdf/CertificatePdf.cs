using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace ReferralTraining.Web.Features.Certificates.Pdf;

/// <summary>
/// Draws the certificate of completion: one landscape US Letter page, greys only, no logos (ANCC forbids sponsor
/// logos), DejaVu fonts embedded. It carries what the accreditors ask for (docs credentials §2): provider name and web
/// address, learner name and licenses, activity title, format and dates, credit awarded with its unit, the accreditation
/// statement set apart by rules (Joint Accreditation: it must stand alone), content version and hash, and the
/// verification code with its URL and a QR code.
/// </summary>
public static class CertificatePdf
{
    private const double PageWidth = 792;   // 11 in
    private const double PageHeight = 612;  // 8.5 in
    private const double Margin = 60;       // left and right; text never comes closer to the edge of the paper
    private const double ContentWidth = PageWidth - (2 * Margin);
    private const double Top = 46;
    private const double QrSize = 92;
    private const double QrTop = PageHeight - 44 - QrSize; // the verification band at the foot starts here
    private const double BodyBottom = QrTop - 14;
    private const int ShortHashLength = 12;

    /// <summary>Extra space is shared between the gaps of the body in these proportions; at most <see cref="MaxExtra"/> per unit.</summary>
    private const double GapWeights = 5;
    private const double MaxExtra = 16;

    /// <summary>The current status of a certificate, for the banner on a revoked or suspended one.</summary>
    public sealed record StatusNotice(CertificateStatus Status, DateTimeOffset? ChangedAt, string? Reason);

    private const double BannerHeight = 50;

    /// <param name="doc">What the certificate says, fixed at issue.</param>
    /// <param name="timeZoneId">The learner's IANA zone; dates are shown in it, with its name. Unknown ids fall back to UTC.</param>
    /// <param name="status">The status now: a revoked or suspended certificate says so across the page, so a copy never passes for a valid one.</param>
    /// <returns>The PDF file.</returns>
    public static byte[] Render(CertificateDocument doc, string timeZoneId, StatusNotice? status = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        CertificateFontResolver.EnsureRegistered();
        var zone = PdfKit.Zone(timeZoneId);
        var credit = PdfKit.Credit(doc.Credits, PdfKit.Clean(doc.CreditUnit));

        using var pdf = new PdfDocument();
        pdf.Info.Title = $"Certificate of completion: {PdfKit.Clean(doc.CourseTitle)}";
        pdf.Info.Author = PdfKit.Clean(doc.ProviderName);
        pdf.Info.Subject = $"{doc.HolderName} completed {PdfKit.Clean(doc.CourseTitle)} (version {doc.CourseVersion}) for {credit}. Verification code {doc.VerificationCode}.";
        pdf.Info.Keywords = $"certificate, continuing education, {doc.CreditTypeName}, {doc.VerificationCode}";
        pdf.Info.Creator = "ReferralTraining";
        pdf.Info.CreationDate = doc.IssuedAt.UtcDateTime;

        // Lay the body out once on a scratch page to learn how much room is left, then share that room out between
        // its gaps, so a short certificate is not crowded at the top and a long one still fits.
        var flagged = status is { Status: not CertificateStatus.Active };
        var top = flagged ? Top + BannerHeight : Top;
        double extra;
        using (var scratch = new PdfDocument())
        {
            using var measure = XGraphics.FromPdfPage(NewPage(scratch));
            extra = Math.Clamp((BodyBottom - DrawBody(measure, doc, zone, credit, 0, top)) / GapWeights, 0, MaxExtra);
        }

        using (var gfx = XGraphics.FromPdfPage(NewPage(pdf)))
        {
            if (flagged)
            {
                DrawWatermark(gfx, status!.Status);
            }
            DrawFrame(gfx);
            if (flagged)
            {
                DrawStatusBanner(gfx, doc, zone, status!);
            }
            DrawBody(gfx, doc, zone, credit, extra, top);
            DrawVerificationBand(gfx, doc, zone);
        }
        if (flagged)
        {
            pdf.Info.Title = $"{StatusWord(status!.Status)}: {pdf.Info.Title}";
        }

        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static string StatusWord(CertificateStatus status) => status == CertificateStatus.Revoked ? "REVOKED" : "SUSPENDED";

    /// <summary>
    /// A dark band across the top: the status, since when, why, and where to check the current status. White on near-black
    /// (contrast well above 7:1) and first in reading order, so a screen reader and a photocopy both show it.
    /// </summary>
    private static void DrawStatusBanner(XGraphics gfx, CertificateDocument doc, TimeZoneInfo zone, StatusNotice status)
    {
        const double left = 34;
        var width = PageWidth - (2 * left);
        gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0x8B, 0x00, 0x00)), left, 34, width, BannerHeight + 4);
        var when = status.ChangedAt is { } at ? $" on {PdfKit.LongDate(at, zone)}" : "";
        var headline = status.Status == CertificateStatus.Revoked
            ? $"REVOKED{when}: this certificate is no longer valid."
            : $"SUSPENDED{when}: this certificate is not valid while suspended.";
        var y = PdfKit.DrawLines(gfx, [headline], PdfKit.Font(14, bold: true), XColors.White, left + 8, width - 16, 39, TextAlign.Center);
        var reason = PdfKit.Clean(status.Reason ?? "");
        var detail = (reason.Length > 0 ? $"Reason: {reason}. " : "") + $"Current status: {doc.VerifyUrl.Trim()}";
        var (font, lines) = PdfKit.Fit(gfx, detail, 9.5, 7, width - 16, 2);
        PdfKit.DrawLines(gfx, lines, font, XColors.White, left + 8, width - 16, y + 1, TextAlign.Center);
    }

    /// <summary>The status word large and pale across the page, behind the text, so a cropped copy still shows it.</summary>
    private static void DrawWatermark(XGraphics gfx, CertificateStatus status)
    {
        var state = gfx.Save();
        gfx.RotateAtTransform(-24, new XPoint(PageWidth / 2, PageHeight / 2));
        gfx.DrawString(StatusWord(status), PdfKit.Font(110, bold: true), new XSolidBrush(XColor.FromArgb(0xF3, 0xD6, 0xD6)),
            new XRect(0, (PageHeight / 2) - 70, PageWidth, 140), XStringFormats.Center);
        gfx.Restore(state);
    }

    private static PdfPage NewPage(PdfDocument pdf)
    {
        var page = pdf.AddPage();
        page.Size = PageSize.Letter;
        page.Orientation = PageOrientation.Landscape;
        return page;
    }

    private static void DrawFrame(XGraphics gfx)
    {
        gfx.DrawRectangle(new XPen(PdfKit.Muted, 2), 24, 24, PageWidth - 48, PageHeight - 48);
        gfx.DrawRectangle(new XPen(PdfKit.Rule, 0.5), 30, 30, PageWidth - 60, PageHeight - 60);
    }

    /// <summary>Everything above the verification band; returns the y below the last thing drawn.</summary>
    private static double DrawBody(XGraphics gfx, CertificateDocument doc, TimeZoneInfo zone, string credit, double extra, double top)
    {
        var y = top;
        var (providerFont, providerLines) = PdfKit.Fit(gfx, PdfKit.Clean(doc.ProviderName).ToUpperInvariant(), 13, 9, ContentWidth, 1, bold: true);
        y = PdfKit.DrawLines(gfx, providerLines, providerFont, PdfKit.Muted, Margin, ContentWidth, y, TextAlign.Center);
        // ANCC: the provider's address on the certificate; a web address is acceptable.
        y = PdfKit.DrawWrapped(gfx, PdfKit.Clean(doc.ProviderUrl), PdfKit.Font(9), PdfKit.Muted, Margin, ContentWidth, y, TextAlign.Center);

        y += 10 + extra;
        y = PdfKit.DrawLines(gfx, ["Certificate of completion"], PdfKit.Font(30, bold: true), PdfKit.Ink, Margin, ContentWidth, y, TextAlign.Center);
        y += 2 + (extra * 0.5);
        y = PdfKit.DrawLines(gfx, ["This certifies that"], PdfKit.Font(11), PdfKit.Muted, Margin, ContentWidth, y, TextAlign.Center);
        y += 2;

        var (nameFont, nameLines) = PdfKit.Fit(gfx, PdfKit.Clean(doc.HolderName), 26, 14, ContentWidth, 1, bold: true);
        y = PdfKit.DrawLines(gfx, nameLines, nameFont, PdfKit.Ink, Margin, ContentWidth, y, TextAlign.Center);
        gfx.DrawLine(new XPen(PdfKit.Rule, 0.75), (PageWidth / 2) - 170, y + 1, (PageWidth / 2) + 170, y + 1);
        y += 6;

        var licenses = PdfKit.Licenses(doc.Licenses);
        if (licenses.Length > 0)
        {
            var label = doc.Licenses.Count == 1 ? "License" : "Licenses";
            var (licenseFont, licenseLines) = PdfKit.Fit(gfx, $"{label}: {licenses}", 10.5, 8.5, ContentWidth, 2);
            y = PdfKit.DrawLines(gfx, licenseLines, licenseFont, PdfKit.Ink, Margin, ContentWidth, y, TextAlign.Center);
        }

        y += 6 + extra;
        y = PdfKit.DrawLines(gfx, ["has completed the continuing education activity"], PdfKit.Font(11), PdfKit.Muted, Margin, ContentWidth, y, TextAlign.Center);
        y += 1;
        var (titleFont, titleLines) = PdfKit.Fit(gfx, PdfKit.Clean(doc.CourseTitle), 17, 11, ContentWidth - 40, 3, bold: true);
        y = PdfKit.DrawLines(gfx, titleLines, titleFont, PdfKit.Ink, Margin + 20, ContentWidth - 40, y, TextAlign.Center);

        y += 4 + (extra * 0.5);
        var details = PdfKit.Font(10);
        var format = PdfKit.Clean(doc.ActivityFormat);
        if (format.Length > 0)
        {
            y = PdfKit.DrawWrapped(gfx, $"Format: {format}", details, PdfKit.Ink, Margin, ContentWidth, y, TextAlign.Center);
        }
        y = PdfKit.DrawWrapped(gfx, $"Activity dates: {ActivityDates(doc, zone)}", details, PdfKit.Ink, Margin, ContentWidth, y, TextAlign.Center);

        y += 6 + (extra * 0.5);
        y = DrawCreditLine(gfx, doc, credit, y);

        y += 12 + (extra * 1.5);
        return DrawStatement(gfx, doc.AccreditationStatement, y, BodyBottom);
    }

    /// <summary>"March 3, 2026 – March 5, 2026 · dates in Central Time (Chicago)", or one date if the activity fell on one day.</summary>
    internal static string ActivityDates(CertificateDocument doc, TimeZoneInfo zone)
    {
        var start = PdfKit.LongDate(doc.ActivityStart, zone);
        var end = PdfKit.LongDate(doc.ActivityEnd, zone);
        var range = start == end ? end : $"{start} – {end}";
        return $"{range} · dates in {PdfKit.ZoneName(zone)}";
    }

    /// <summary>
    /// "Credit awarded: 0.5 NAADAC CE hours", the amount and unit in bold. AMA asks for its credit term in italics at
    /// first use, and this line comes before the statement, so an AMA unit is set in (simulated) italics here.
    /// </summary>
    private static double DrawCreditLine(XGraphics gfx, CertificateDocument doc, string credit, double y)
    {
        var italic = doc.CreditUnit.Contains("AMA PRA", StringComparison.OrdinalIgnoreCase);
        const string label = "Credit awarded: ";
        for (var size = 15.0; ; size -= 0.5)
        {
            var labelFont = PdfKit.Font(size);
            var creditFont = PdfKit.Font(size, bold: true, italic: italic);
            var labelWidth = PdfKit.Width(gfx, label, labelFont);
            var total = labelWidth + PdfKit.Width(gfx, credit, creditFont);
            if (total <= ContentWidth || size <= 9)
            {
                var x = Margin + Math.Max(0, (ContentWidth - total) / 2);
                gfx.DrawString(label, labelFont, new XSolidBrush(PdfKit.Ink), x, y, XStringFormats.TopLeft);
                gfx.DrawString(credit, creditFont, new XSolidBrush(PdfKit.Ink), x + labelWidth, y, XStringFormats.TopLeft);
                y += PdfKit.LineHeight(creditFont);
                break;
            }
        }
        if (doc.CreditsAvailable > doc.Credits)
        {
            y = PdfKit.DrawLines(gfx, [$"Maximum for this activity: {PdfKit.Credit(doc.CreditsAvailable, PdfKit.Clean(doc.CreditUnit))}"], PdfKit.Font(9), PdfKit.Muted, Margin, ContentWidth, y, TextAlign.Center);
        }
        return y;
    }

    /// <summary>
    /// The accreditation statement between two rules (Joint Accreditation: it stands alone), from 9.5 pt down to 6.5 pt
    /// to fit above the verification band. Returns the y below the lower rule.
    /// </summary>
    private static double DrawStatement(XGraphics gfx, string statement, double top, double bottom)
    {
        var text = PdfKit.Clean(statement);
        if (text.Length == 0)
        {
            return top;
        }
        const double inset = 36;
        const double padding = 7;
        var width = ContentWidth - (2 * inset);
        var available = bottom - top - (2 * padding);
        var font = PdfKit.Font(9.5);
        var lines = PdfKit.Wrap(gfx, text, font, width);
        for (var size = 9.0; size >= 6.5 && lines.Count * PdfKit.LineHeight(font) > available; size -= 0.5)
        {
            font = PdfKit.Font(size);
            lines = PdfKit.Wrap(gfx, text, font, width);
        }
        var maxLines = Math.Max(1, (int)(available / PdfKit.LineHeight(font)));
        if (lines.Count > maxLines)
        {
            // Only a statement far longer than any accreditor's would get here.
            lines = PdfKit.Wrap(gfx, text, font, width, maxLines);
        }
        var pen = new XPen(PdfKit.Rule, 0.5);
        gfx.DrawLine(pen, Margin + inset, top, PageWidth - Margin - inset, top);
        var y = PdfKit.DrawLines(gfx, lines, font, PdfKit.Ink, Margin + inset, width, top + padding, TextAlign.Left);
        // Line height includes leading below the last line; the rule sits just under the text.
        y += padding - (font.Size * 0.3);
        gfx.DrawLine(pen, Margin + inset, y, PageWidth - Margin - inset, y);
        return y;
    }

    /// <summary>
    /// The foot of the page: on the right the verification code in large monospace, where to check it, and the QR code
    /// for that address; on the left the content version and hash, issue date and certificate id, for an auditor.
    /// </summary>
    private static void DrawVerificationBand(XGraphics gfx, CertificateDocument doc, TimeZoneInfo zone)
    {
        var qrLeft = PageWidth - Margin - QrSize;
        DrawQr(gfx, doc.VerifyUrl, qrLeft, QrTop, QrSize);

        const double blockWidth = 320;
        var right = qrLeft - 4; // the QR code's own quiet zone gives the rest of the gap
        var left = right - blockWidth;
        var label = PdfKit.Font(8.5);
        var y = QrTop + 8;
        y = PdfKit.DrawLines(gfx, ["Verification code"], label, PdfKit.Muted, left, blockWidth, y, TextAlign.Right);
        var (codeFont, codeLines) = PdfKit.Fit(gfx, doc.VerificationCode.Trim(), 20, 10, blockWidth, 1, bold: true, mono: true);
        y = PdfKit.DrawLines(gfx, codeLines, codeFont, PdfKit.Ink, left, blockWidth, y, TextAlign.Right);
        y += 2;
        y = PdfKit.DrawLines(gfx, ["Check this certificate at"], label, PdfKit.Muted, left, blockWidth, y, TextAlign.Right);
        var (urlFont, urlLines) = PdfKit.Fit(gfx, doc.VerifyUrl.Trim(), 9, 6, blockWidth, 1, mono: true);
        PdfKit.DrawLines(gfx, urlLines, urlFont, PdfKit.Ink, left, blockWidth, y, TextAlign.Right);

        var factsWidth = left - Margin - 16;
        var hash = doc.ContentHash.Trim();
        var shortHash = hash.Length > ShortHashLength ? hash[..ShortHashLength] : hash;
        string[] facts =
        [
            // Plain words for a clinician, the exact value for an auditor: the fingerprint names the text studied.
            $"Content version {doc.CourseVersion} · text fingerprint {shortHash} (identifies the exact course text studied)",
            $"Issued {PdfKit.LongDate(doc.IssuedAt, zone)}",
            $"Certificate ID {doc.CertificateId:D}",
        ];
        var factsY = QrTop + 8 + PdfKit.LineHeight(label) + 4;
        foreach (var fact in facts)
        {
            factsY = PdfKit.DrawWrapped(gfx, fact, label, PdfKit.Muted, Margin, factsWidth, factsY);
        }
    }

    /// <summary>
    /// The QR code as vector squares (QRCoder's PNG cannot be read by PDFsharp, and vectors stay sharp). ECC level M;
    /// QRCoder's module matrix already includes the 4-module quiet zone, which is painted white. Dark modules next to
    /// each other in a row are drawn as one rectangle, so viewers show no hairline seams.
    /// </summary>
    internal static void DrawQr(XGraphics gfx, string text, double left, double top, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var count = matrix.Count;
        var module = size / count;
        gfx.DrawRectangle(XBrushes.White, left, top, size, size);
        var ink = new XSolidBrush(XColors.Black);
        for (var row = 0; row < count; row++)
        {
            var bits = matrix[row];
            var col = 0;
            while (col < count)
            {
                if (!bits[col])
                {
                    col++;
                    continue;
                }
                var start = col;
                while (col < count && bits[col])
                {
                    col++;
                }
                gfx.DrawRectangle(ink, left + (start * module), top + (row * module), (col - start) * module, module);
            }
        }
    }
}
