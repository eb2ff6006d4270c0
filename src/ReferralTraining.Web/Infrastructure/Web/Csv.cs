using System.Text;

namespace ReferralTraining.Web.Infrastructure.Web;

/// <summary>
/// Every CSV/TSV download and export writes its cells here (RFC 4180 quoting, CRLF rows), so none can be run by a
/// spreadsheet as a formula (OWASP "CSV injection").
/// </summary>
public static class Csv
{
    public static string Cell(string? value, char separator)
    {
        var v = value ?? "";
        var formula = v.Length > 0 && v[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n';
        if (formula)
        {
            v = "'" + v;
        }
        if (separator == '\t')
        {
            // Tab-delimited files have no quoting: a tab or line break inside a value would shift columns.
            return v.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
        }
        // Quoted as OWASP advises for a neutralised formula, and wherever RFC 4180 needs it or spaces at either end would be lost.
        return formula || v.IndexOfAny([separator, '"', '\r', '\n']) >= 0 || v.Length != v.Trim().Length
            ? $"\"{v.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : v;
    }

    /// <summary>A CSV download's bytes: UTF-8 with a byte-order mark, so spreadsheets read accents correctly.</summary>
    public static byte[] Utf8WithBom(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    public static void AppendRow(StringBuilder sb, char separator, IEnumerable<string?> cells)
    {
        sb.AppendJoin(separator, cells.Select(c => Cell(c, separator)));
        sb.Append("\r\n");
    }
}
