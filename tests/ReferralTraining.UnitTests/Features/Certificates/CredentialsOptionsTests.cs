using System.ComponentModel.DataAnnotations;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Features.Certificates;

public sealed class CredentialsOptionsTests
{
    private static List<string> Errors(CredentialsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    [Fact]
    public void Urls_AreDerivedFromTheBaseUrl()
    {
        var options = new CredentialsOptions { PublicBaseUrl = " https://referraltraining.example/ ", IssuerName = "RT" };

        Assert.Empty(Errors(options));
        Assert.Equal("https://referraltraining.example/issuers/main", options.IssuerId);
        Assert.Equal("https://referraltraining.example/issuers/main/keys/abc", options.KeyUrl("abc"));
        Assert.Equal("https://referraltraining.example/status/revocation/1", options.RevocationListUrl(1));
        Assert.Equal("https://referraltraining.example/status/revocation/12", options.RevocationListUrl(12));
        Assert.Equal("https://referraltraining.example/.well-known/jwks.json", options.JwksUrl);
        Assert.Equal("https://referraltraining.example", options.IssuerHomeUrl);
        Assert.Equal("https://referraltraining.example/courses/a%20b/versions/1.0.0", options.AchievementUrl("a b", "1.0.0"));
    }

    [Theory]
    [InlineData("https://referraltraining.example/status/revocation/1", 1)]
    [InlineData("https://referraltraining.example/status/revocation/37", 37)]
    [InlineData("https://referraltraining.example/status/revocation/0", null)]
    [InlineData("https://referraltraining.example/status/revocation/01", null)]
    [InlineData("https://referraltraining.example/status/revocation/+1", null)]
    [InlineData("https://referraltraining.example/status/revocation/1/", null)]
    [InlineData("https://referraltraining.example/status/revocation/", null)]
    [InlineData("https://referraltraining.example/status/revocation/99999999999", null)]
    [InlineData("https://other.example/status/revocation/1", null)]
    [InlineData("http://referraltraining.example/status/revocation/1", null)]
    public void RevocationListNumber_AcceptsOnlyOurOwnListUrls(string url, int? expected)
    {
        var options = new CredentialsOptions { PublicBaseUrl = "https://referraltraining.example", IssuerName = "RT" };
        Assert.Equal(expected, options.RevocationListNumber(url));
    }

    [Theory]
    [InlineData("", "PublicBaseUrl is required")]
    [InlineData("referraltraining.example", "not an absolute URL")]
    [InlineData("ftp://referraltraining.example", "https")]
    [InlineData("https://referraltraining.example/?x=1", "query")]
    public void BadBaseUrl_FailsWithTheKeyName(string url, string message)
    {
        var errors = Errors(new CredentialsOptions { PublicBaseUrl = url, IssuerName = "RT" });
        Assert.Contains(errors, e => e.Contains("Credentials:PublicBaseUrl", StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void MissingIssuerNameAndBadEmail_AreReported()
    {
        var errors = Errors(new CredentialsOptions { PublicBaseUrl = "https://x.example", IssuerEmail = "nope", IssuerUrl = "/relative" });
        Assert.Contains(errors, e => e.Contains("Credentials:IssuerName", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Credentials:IssuerEmail", StringComparison.Ordinal));
    }

    [Fact]
    public void RelativeIssuerUrl_IsReported()
    {
        var errors = Errors(new CredentialsOptions { PublicBaseUrl = "https://x.example", IssuerName = "RT", IssuerUrl = "/about" });
        Assert.Contains(errors, e => e.Contains("Credentials:IssuerUrl", StringComparison.Ordinal));
    }
}
