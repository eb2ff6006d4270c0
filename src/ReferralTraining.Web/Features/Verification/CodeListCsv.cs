using System.Text;
using CsvHelper;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>
/// Reads a credentialing body's bulk-verification file (web form and API): comma-separated, a header row with a
/// <c>code</c> column (any case, any position), one certificate code per record. Parsing is CsvHelper's RFC 4180 reader,
/// so a quoted cell may hold commas, doubled quotes and line breaks (a spreadsheet's "name" column often does); line
/// numbers are where each record starts in the file, as a text editor shows them. The whole file is refused on the
/// first problem, with its line and what to do.
/// </summary>
public static class CodeListCsv
{
    public static (IReadOnlyList<(int Line, string Code)> Codes, BulkProblem? Problem) Parse(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > BoardVerificationService.MaxBytes)
        {
            return ([], new BulkProblem(0, $"The file is larger than {BoardVerificationService.MaxBytes / 1024} KB. Split it into files of at most {BoardVerificationService.MaxRows} codes.", TooLarge: true));
        }
        using var csv = CsvReader.FromText(text.TrimStart('\uFEFF'), new CsvReaderOptions
        {
            HasHeader = true,
            Separator = ',', // fixed: guessing would read a tab or semicolon inside a name as the separator
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
        });
        var codes = new List<(int, string)>();
        var column = -1;
        while (csv.Read())
        {
            // The file is at most MaxBytes long, so its line numbers fit an int.
            var line = (int)csv.LineNumber;
            if (column < 0)
            {
                column = CodeColumn(csv.Headers);
                if (column < 0)
                {
                    return ([], HeaderProblem(text));
                }
            }
            if (Enumerable.Range(0, csv.FieldCount).All(i => string.IsNullOrWhiteSpace(csv.GetString(i))))
            {
                continue; // a line of spaces or empty cells, as spreadsheets leave at the end
            }
            if (codes.Count == BoardVerificationService.MaxRows)
            {
                return ([], new BulkProblem(line, $"Line {line} is code number {BoardVerificationService.MaxRows + 1}: send at most {BoardVerificationService.MaxRows} codes per file."));
            }
            codes.Add((line, column < csv.FieldCount ? csv.GetString(column).Trim() : ""));
        }
        if (codes.Count == 0)
        {
            return ([], CodeColumn(csv.Headers) < 0
                ? HeaderProblem(text)
                : new BulkProblem(2, "Line 2: the file has a header but no codes. Put one certificate code on each line after \"code\"."));
        }
        return (codes, null);
    }

    private static int CodeColumn(IReadOnlyList<string>? headers) =>
        headers is null ? -1 : headers.ToList().FindIndex(h => string.Equals(h.Trim(), "code", StringComparison.OrdinalIgnoreCase));

    private static BulkProblem HeaderProblem(string text)
    {
        var first = text.TrimStart('\uFEFF').Split('\n', '\r')[0].Trim();
        return new BulkProblem(1, $"Line 1 must be the header \"code\" (one certificate code per line below it); found \"{(first.Length > 40 ? first[..40] + "…" : first)}\".");
    }
}
