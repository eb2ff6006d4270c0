using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.UnitTests.Features.Certificates;

public sealed class VerificationCodeTests
{
    [Fact]
    public void NewCodes_AreGroupedUnambiguousAndUnique()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => VerificationCode.New()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c =>
        {
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z*~$=U]$", c);
            Assert.Equal(c, VerificationCode.Normalize(c));
        });
    }

    [Fact]
    public void Normalize_IsCaseInsensitive_AndForgivesSpacesDashesAndLookalikes()
    {
        var code = VerificationCode.New();
        var sloppy = code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal).Replace('0', 'o').Replace('1', 'l');
        Assert.Equal(code, VerificationCode.Normalize(sloppy));
        Assert.Equal(code, VerificationCode.Normalize(code.Replace("-", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void Normalize_CatchesEverySingleCharacterTypo()
    {
        var code = VerificationCode.New().Replace("-", "", StringComparison.Ordinal);
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (var i = 0; i < 16; i++)
        {
            foreach (var c in alphabet.Where(c => c != code[i]))
            {
                var typo = code[..i] + c + code[(i + 1)..];
                Assert.Null(VerificationCode.Normalize(typo));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCD")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TV")]
    public void Normalize_RejectsMalformedInput(string input) => Assert.Null(VerificationCode.Normalize(input));
}
