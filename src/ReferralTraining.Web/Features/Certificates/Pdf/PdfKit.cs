using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Drawing;

namespace ReferralTraining.Web.Features.Certificates.Pdf;

/// <summary>Formatting and text layout shared by the certificate and transcript PDFs.</summary>
internal static partial class PdfKit
{
    /// <summary>Dates and times on certificates are written for US boards.</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Greys only, so the documents print the same in black and white. All pass 4.5:1 on white.</summary>
    public static readonly XColor Ink = XColor.FromArgb(0x1A, 0x1A, 0x1A);
    public static readonly XColor Muted = XColor.FromArgb(0x4D, 0x4D, 0x4D);
    public static readonly XColor Rule = XColor.FromArgb(0x80, 0x80, 0x80);
    public static readonly XColor Shade = XColor.FromArgb(0xF0, 0xF0, 0xF0);

    public static XFont Font(double size, bool bold = false, bool italic = false, bool mono = false)
    {
        var style = (bold ? XFontStyleEx.Bold : XFontStyleEx.Regular) | (italic ? XFontStyleEx.Italic : XFontStyleEx.Regular);
        // Unicode (Identity-H) encoding: every glyph DejaVu has is available, not just WinAnsi; fonts are embedded as subsets.
        return new XFont(mono ? CertificateFontResolver.Mono : CertificateFontResolver.Sans, size, style, XPdfFontOptions.UnicodeDefault);
    }

    /// <summary>A credit amount with only the decimals it needs: 0.5, 1.25, 1.</summary>
    public static string Amount(decimal credits) => credits.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>"0.5 NAADAC CE hours": an amount is never shown without its unit.</summary>
    public static string Credit(decimal credits, string unit) => $"{Amount(credits)} {unit}".Trim();

    public static string LongDate(DateTimeOffset instant, TimeZoneInfo zone) => LongDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    public static string LongDate(DateOnly date) => date.ToString("MMMM d, yyyy", Culture);

    public static string ShortDate(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).ToString("MMM d, yyyy", Culture);

    /// <summary>A date and time with the zone's common name, e.g. "March 5, 2026, 2:14 PM Central Time", as on the pages.</summary>
    public static string DateTime(DateTimeOffset instant, TimeZoneInfo zone) => Accounts.TimeZones.Format(instant, zone.Id);

    /// <summary>An unknown or empty zone id falls back to UTC, as on the web pages.</summary>
    public static TimeZoneInfo Zone(string? timeZoneId) =>
        Accounts.TimeZones.Find(timeZoneId);

    /// <summary>The zone's common name, e.g. "Central Time" (the one rule of ADR-018).</summary>
    public static string ZoneName(TimeZoneInfo zone) => CertificateDates.ZoneName(zone);

    public static string Licenses(IReadOnlyList<LicenseLine> licenses) =>
        string.Join("; ", licenses.Select(l => string.Join(" · ", new[] { l.IssuingAuthority, l.Number }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()))));

    /// <summary>Collapses runs of white space (including line breaks) into single spaces.</summary>
    public static string Clean(string? text) => string.IsNullOrWhiteSpace(text) ? "" : Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static double Width(XGraphics gfx, string text, XFont font) => text.Length == 0 ? 0 : gfx.MeasureString(text, font).Width;

    /// <summary>
    /// Greedy word wrap. A word wider than the line (a long URL or code) is broken between text elements, so accents
    /// and surrogate pairs stay whole. Never returns an empty list.
    /// </summary>
    public static List<string> Wrap(XGraphics gfx, string text, XFont font, double maxWidth)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in Clean(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (Width(gfx, candidate, font) <= maxWidth)
            {
                line.Clear().Append(candidate);
                continue;
            }
            if (line.Length > 0)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (Width(gfx, word, font) <= maxWidth)
            {
                line.Append(word);
                continue;
            }
            var elements = StringInfo.GetTextElementEnumerator(word);
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                if (line.Length > 0 && Width(gfx, line + element, font) > maxWidth)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                line.Append(element);
            }
        }
        if (line.Length > 0 || lines.Count == 0)
        {
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>Like <see cref="Wrap"/>, but at most <paramref name="maxLines"/> lines, the last one ending in "…" if cut.</summary>
    public static List<string> Wrap(XGraphics gfx, string text, XFont font, double maxWidth, int maxLines)
    {
        var lines = Wrap(gfx, text, font, maxWidth);
        if (lines.Count <= maxLines)
        {
            return lines;
        }
        lines.RemoveRange(maxLines, lines.Count - maxLines);
        var last = lines[^1];
        while (last.Length > 0 && Width(gfx, last + "…", font) > maxWidth)
        {
            last = last[..^1];
        }
        lines[^1] = last.TrimEnd() + "…";
        return lines;
    }

    /// <summary>
    /// The largest size from <paramref name="start"/> down to <paramref name="min"/> (in 0.5 pt steps) at which the text
    /// wraps into at most <paramref name="maxLines"/> lines. If even <paramref name="min"/> needs more lines, the text is
    /// wrapped at <paramref name="min"/> into as many lines as it takes: nothing on a certificate is cut short.
    /// </summary>
    public static (XFont Font, List<string> Lines) Fit(XGraphics gfx, string text, double start, double min, double maxWidth, int maxLines, bool bold = false, bool mono = false)
    {
        for (var size = start; size > min; size -= 0.5)
        {
            var font = Font(size, bold, mono: mono);
            var lines = Wrap(gfx, text, font, maxWidth);
            if (lines.Count <= maxLines)
            {
                return (font, lines);
            }
        }
        var smallest = Font(min, bold, mono: mono);
        return (smallest, Wrap(gfx, text, smallest, maxWidth));
    }

    public static double LineHeight(XFont font) => font.Size * 1.3;

    /// <summary>Draws lines from <paramref name="top"/> and returns the y below the last one.</summary>
    public static double DrawLines(XGraphics gfx, IEnumerable<string> lines, XFont font, XColor color, double left, double width, double top, TextAlign align = TextAlign.Left)
    {
        var brush = new XSolidBrush(color);
        var y = top;
        foreach (var line in lines)
        {
            var x = align switch
            {
                TextAlign.Center => left + ((width - Width(gfx, line, font)) / 2),
                TextAlign.Right => left + width - Width(gfx, line, font),
                _ => left,
            };
            if (line.Length > 0)
            {
                gfx.DrawString(line, font, brush, x, y, XStringFormats.TopLeft);
            }
            y += LineHeight(font);
        }
        return y;
    }

    public static double DrawWrapped(XGraphics gfx, string text, XFont font, XColor color, double left, double width, double top, TextAlign align = TextAlign.Left) =>
        DrawLines(gfx, Wrap(gfx, text, font, width), font, color, left, width, top, align);
}
