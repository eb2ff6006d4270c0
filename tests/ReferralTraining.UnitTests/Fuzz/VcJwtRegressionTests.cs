using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using ReferralTraining.UnitTests.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Fuzz;

/// <summary>Shrunk inputs from <see cref="VcJwtFuzzTests"/> that used to end in the verifier's catch-all ("could not be processed").</summary>
public sealed class VcJwtRegressionTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Fact]
    public async Task SignatureWithStrayBitsInItsLastCharacter_IsNotBase64Url()
    {
        using var data = new CredentialTestData();
        var jwt = data.SignedCredential();
        // 64 bytes take 86 characters; the last one carries 4 unused bits, which must be zero.
        var last = Alphabet[(Alphabet.IndexOf(jwt[^1], StringComparison.Ordinal) & ~0xF) | 0x1];

        var result = await VcJwt.VerifyAsync(jwt[..^1] + last, data.Keys, data.Revoked(), CredentialTestData.Now);

        Assert.True(result.IsMalformed);
        var failed = Assert.Single(result.Checks);
        Assert.Equal(VerificationChecks.Token, failed.Name);
        Assert.Contains("not base64url", failed.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nbf", 200_766_568_438_334L, null)]
    [InlineData("exp", long.MaxValue, null)]
    [InlineData("exp", 253_402_300_799L, "9999-12-31T23:59:59Z")]
    public async Task DatesAtTheEdgeOfTheCalendar_AreCheckedNotCrashedOn(string claim, long seconds, string? validUntil)
    {
        using var data = new CredentialTestData();
        var jwt = data.SignedCredential();
        var header = Part(jwt, 0);
        var payload = Part(jwt, 1);
        payload[claim] = seconds;
        if (validUntil is not null)
        {
            payload["validUntil"] = validUntil;
        }

        var result = await VcJwt.VerifyAsync(VcJwt.SignCompact(header, payload, data.CurrentKey), data.Keys, data.Revoked(), CredentialTestData.Now);

        Assert.DoesNotContain(result.Checks, c => c.Name == "internal");
        Assert.True(result.Find(VerificationChecks.ValidityPeriod) is not null, string.Join("\n", result.Checks));
    }

    private static JsonObject Part(string jwt, int index) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jwt.Split('.')[index])))!.AsObject();
}
