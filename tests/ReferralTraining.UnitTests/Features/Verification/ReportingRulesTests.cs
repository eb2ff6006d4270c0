using ReferralTraining.Web.Features.Verification;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.UnitTests.Features.Verification;

public sealed class ReportingRulesTests
{
    [Theory]
    [InlineData("1234567893", true)] // the CMS example NPI
    [InlineData("1245319599", true)]
    [InlineData("1234567890", false)]
    [InlineData("123456789", false)]
    [InlineData("12345678a3", false)]
    public void Npi_IsCheckedWithTheLuhnRuleOverThe80840Prefix(string npi, bool valid) =>
        Assert.Equal(valid, ConsentService.IsValidNpi(npi));

    [Theory]
    [InlineData("0229", true)]
    [InlineData("1231", true)]
    [InlineData("0230", false)]
    [InlineData("1301", false)]
    [InlineData("0000", false)]
    [InlineData("704", false)]
    public void BirthMonthDay_MustBeARealCalendarDay(string mmdd, bool valid) =>
        Assert.Equal(valid, ConsentService.IsMonthDay(mmdd));

    [Theory]
    [InlineData("=1+1", ',', "\"'=1+1\"")]
    [InlineData("+1", ',', "\"'+1\"")]
    [InlineData("-1", ',', "\"'-1\"")]
    [InlineData("@SUM(A1)", ',', "\"'@SUM(A1)\"")]
    [InlineData("a,b", ',', "\"a,b\"")]
    [InlineData("say \"hi\"", ',', "\"say \"\"hi\"\"\"")]
    [InlineData(" padded ", ',', "\" padded \"")]
    [InlineData("a\tb", '\t', "a b")]
    [InlineData("=x\ty", '\t', "'=x y")]
    public void CsvCells_CannotRunAsFormulasOrBreakColumns(string value, char separator, string expected) =>
        Assert.Equal(expected, Csv.Cell(value, separator));

    [Fact]
    public void BulkCsv_TakesTheCodeColumn_SkipsBlankLines_AndKeepsLineNumbers()
    {
        var (codes, problem) = BoardVerificationService.ParseCsv("name,Code\r\n\"Doe, J\",AAAA\r\n\r\nx,BBBB\r\n");
        Assert.Null(problem);
        Assert.Equal([(2, "AAAA"), (4, "BBBB")], codes);
    }

    [Fact]
    public void BulkCsv_ReadsQuotedLineBreaksSeparatorsAndQuotes_AsSpreadsheetsWriteThem()
    {
        // A spreadsheet's "name" cell with a line break in it (Alt+Enter in Excel) is one record, not two; the next
        // record's line number is where it starts in the file.
        var (codes, problem) = BoardVerificationService.ParseCsv(
            "\uFEFFname,code,note\r\n\"Doe,\r\nJane\",RT-AAAA-1111,\"said \"\"hi\"\"\"\r\n   \r\n,,\r\nRoe,\" RT-BBBB-2222 \",\r\n");
        Assert.Null(problem);
        Assert.Equal([(2, "RT-AAAA-1111"), (6, "RT-BBBB-2222")], codes);

        var (none, wrongHeader) = BoardVerificationService.ParseCsv("certificate\nRT-AAAA-1111\n");
        Assert.Empty(none);
        Assert.Equal(1, wrongHeader!.Line);
        Assert.Contains("found \"certificate\"", wrongHeader.Message, StringComparison.Ordinal);
        Assert.Equal(2, BoardVerificationService.ParseCsv("code\r\n").Problem!.Line);
    }

    [Theory]
    [InlineData("FL", "FL")]
    [InlineData(" ny ", "NY")]
    [InlineData("Florida Board of Nursing", null)]
    [InlineData("ZZ", null)]
    public void StateColumn_OnlyForTwoLetterStateCodes(string authority, string? state) =>
        Assert.Equal(state, ReportingExports.StateOf(authority));
}
