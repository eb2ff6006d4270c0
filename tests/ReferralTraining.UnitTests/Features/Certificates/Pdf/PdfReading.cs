using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace ReferralTraining.UnitTests.Features.Certificates.Pdf;

/// <summary>Reads our PDFs back with PdfPig.</summary>
internal static class PdfReading
{
    public static PdfDocument Open(byte[] bytes)
    {
        Assert.True(bytes.Length > 0);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        return PdfDocument.Open(bytes);
    }

    /// <summary>The page's text with all white space removed, so wrapped lines still match.</summary>
    public static string Compact(Page page) => Compact(page.Text);

    public static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    public static void AssertShows(Page page, string expected) =>
        Assert.True(Compact(page).Contains(Compact(expected), StringComparison.Ordinal), $"Page {page.Number} does not show \"{expected}\". It shows: {page.Text}");

    public static int CountOperators(Page page, string op) => page.Operations.Count(o => o.Operator == op);

    public static int CountOccurrences(byte[] bytes, string ascii)
    {
        var needle = Encoding.ASCII.GetBytes(ascii);
        var count = 0;
        for (var at = bytes.AsSpan().IndexOf(needle); at >= 0;)
        {
            count++;
            var next = bytes.AsSpan(at + needle.Length).IndexOf(needle);
            at = next < 0 ? -1 : at + needle.Length + next;
        }
        return count;
    }
}
