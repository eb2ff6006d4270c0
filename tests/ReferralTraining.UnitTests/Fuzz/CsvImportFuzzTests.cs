using System.Text;
using CsCheck;
using ReferralTraining.Web.Features.Verification;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.UnitTests.Fuzz;

/// <summary>The bulk verification CSV (web form and credentialing-body API): any text is read or refused with a line and a reason.</summary>
public sealed class CsvImportFuzzTests
{
    private static readonly Gen<string> Code = Gen.String[Gen.Char["ABCDEFGHJKMNPQRTVWXYZ0123456789-"], 4, 14].Select(c => "RT-" + c);

    // Seeds: a header with the code column somewhere, quoted cells, extra columns, blank lines.
    private static readonly string[] Seeds =
    [
        "code\nRT-7K3M-Q9TX\nRT-AAAA-BBBB\n",
        "\uFEFFname,code,note\r\n\"García, Ana\",RT-7K3M-Q9TX,\"said \"\"hi\"\"\"\r\n,RT-AAAA-BBBB,\r\n\r\n",
        "\"CODE\"\rRT-7K3M-Q9TX\r RT-AAAA-BBBB \r",
        "x,y,Code\n1,2,RT-1\n1,2\n1,2,3,4\n",
    ];

    [Fact]
    public void BulkCsv_AnyMutation_IsReadOrRefusedWithLineAndReason()
    {
        Fuzz.Check(Fuzz.Mutated(Seeds), csv =>
        {
            var (codes, problem) = Fuzz.Bounded(() => BoardVerificationService.ParseCsv(csv));

            var lines = Fuzz.LineCount(csv.TrimStart('\uFEFF'));
            if (problem is not null)
            {
                Assert.Empty(codes);
                // "Line 2: the file has a header but no codes" may point just past a one-line file.
                Assert.InRange(problem.Line, 0, lines + 1);
                Fuzz.AssertReadable(problem.Message);
                return;
            }
            Assert.InRange(codes.Count, 1, BoardVerificationService.MaxRows);
            Assert.All(codes, c => Assert.InRange(c.Line, 2, lines));
            Assert.Equal(codes.Select(c => c.Line).Order(), codes.Select(c => c.Line));
        }, iterations: 1_000, print: t => Fuzz.Printable(t));
    }

    [Fact]
    public void BulkCsv_WrittenAsRfc4180_ReadsBackTheSameCodes()
    {
        var rows = Gen.Select(Code, Gen.String[Gen.Char["ab ,\"'é\t"], 0, 8]).Array[1, 30];
        Fuzz.Check(Gen.Select(rows, Gen.Int[0, 2], Gen.Bool), input =>
        {
            var (values, column, crlf) = input;
            var csv = new StringBuilder();
            Csv.AppendRow(csv, ',', Enumerable.Range(0, 3).Select(i => i == column ? "code" : $"other {i}"));
            foreach (var (code, other) in values)
            {
                Csv.AppendRow(csv, ',', Enumerable.Range(0, 3).Select(i => i == column ? code : other));
            }
            var text = crlf ? csv.ToString() : csv.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

            var (codes, problem) = BoardVerificationService.ParseCsv(text);

            Assert.Null(problem);
            Assert.Equal(values.Select(v => v.Item1), codes.Select(c => c.Code));
            Assert.Equal(Enumerable.Range(2, values.Length), codes.Select(c => c.Line));
        }, iterations: 500);
    }

    [Fact]
    public void BulkCsv_TooManyRowsOrBytes_IsRefusedWithTheLimit()
    {
        var tooMany = "code\n" + string.Concat(Enumerable.Repeat("RT-AAAA-BBBB\n", BoardVerificationService.MaxRows + 1));
        Assert.Equal(BoardVerificationService.MaxRows + 2, BoardVerificationService.ParseCsv(tooMany).Problem!.Line);

        var tooBig = "code\n" + new string('x', BoardVerificationService.MaxBytes);
        Assert.True(BoardVerificationService.ParseCsv(tooBig).Problem!.TooLarge);
    }
}
