using System.Text;
using Microsoft.AspNetCore.Http;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Features.Certificates;

public sealed class CredentialsApiTests
{
    private static HttpRequest Request(string? contentType, string body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }

    [Theory]
    [InlineData("text/plain", "  a.b.c\n")]
    [InlineData("text/plain; charset=utf-8", "a.b.c")]
    [InlineData("application/jwt", "a.b.c")]
    [InlineData(null, "a.b.c")]
    [InlineData("application/json", "{\"jwt\":\"a.b.c\"}")]
    [InlineData("application/json; charset=utf-8", "{\"JWT\":\" a.b.c \"}")]
    public async Task ReadJwt_AcceptsPlainTextAndJson(string? contentType, string body)
    {
        var (jwt, problem) = await CredentialsApi.ReadJwtAsync(Request(contentType, body), CancellationToken.None);
        Assert.Null(problem);
        Assert.Equal("a.b.c", jwt);
    }

    [Theory]
    [InlineData("application/json", "{\"jwt\":", 400)]
    [InlineData("application/json", "{\"token\":\"a.b.c\"}", 400)]
    [InlineData("application/json", "{\"jwt\":42}", 400)]
    [InlineData("text/plain", "   ", 400)]
    [InlineData("application/x-www-form-urlencoded", "jwt=a.b.c", 415)]
    public async Task ReadJwt_RefusesMalformedBodies(string? contentType, string body, int status)
    {
        var (jwt, problem) = await CredentialsApi.ReadJwtAsync(Request(contentType, body), CancellationToken.None);
        Assert.Null(jwt);
        Assert.Equal(status, problem!.StatusCode);
    }

    [Fact]
    public async Task ReadJwt_StopsReadingPastTheLimit_EvenWithoutContentLength()
    {
        var request = Request("text/plain", new string('A', 200_000));
        request.ContentLength = null;

        var (jwt, problem) = await CredentialsApi.ReadJwtAsync(request, CancellationToken.None);
        Assert.Null(jwt);
        Assert.Equal(413, problem!.StatusCode);
    }

    [Fact]
    public async Task View_SummarisesOnlyVerifiedContent()
    {
        using var data = new CredentialTestData();
        var good = CredentialsApi.ToView(await VcJwt.VerifyAsync(data.SignedCredential(), data.Keys, data.Revoked(), CredentialTestData.Now));

        Assert.True(good.Valid);
        Assert.Equal(9, good.Checks.Count);
        Assert.Equal("urn:uuid:2f0f8a4e-7c1e-4a57-9a4c-1b7d0c9f3e11", good.Credential!.Id);
        Assert.Equal("Example CE Institute", good.Credential.IssuerName);
        Assert.Equal(1.25, good.Credential.CreditsEarned);
        Assert.Equal("CertificateOfCompletion", good.Credential.Achievement!.AchievementType);

        var parts = data.SignedCredential().Split('.');
        var tampered = CredentialsApi.ToView(await VcJwt.VerifyAsync(parts[0] + "." + parts[1] + "." + parts[2][..40], data.Keys, data.Revoked(), CredentialTestData.Now));
        Assert.False(tampered.Valid);
        Assert.Null(tampered.Credential);
    }
}
