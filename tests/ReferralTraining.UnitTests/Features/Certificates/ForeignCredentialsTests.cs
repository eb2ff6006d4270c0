using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Features.Certificates;

public sealed class ForeignCredentialsTests
{
    private static string Part(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));

    /// <summary>An OB 3.0 credential as another issuer would send it (shape of 1EdTech's public examples; not signed by us).</summary>
    private static JsonObject OtherIssuersCredential() => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
        ["id"] = "http://example.edu/credentials/3732",
        ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
        ["issuer"] = new JsonObject { ["id"] = "https://example.edu/issuers/565049", ["type"] = new JsonArray("Profile"), ["name"] = "Example University" },
        ["validFrom"] = "2010-01-01T00:00:00Z",
        ["name"] = "Example University Degree",
        ["credentialSubject"] = new JsonObject { ["id"] = "did:example:ebfeb1f712ebc6f1c276e12ec21", ["type"] = new JsonArray("AchievementSubject") },
    };

    [Fact]
    public void AnotherIssuersVcJwt_IsNamedAsSuch_WhateverItsAlgorithmOrHeader()
    {
        using var data = new CredentialTestData();
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["jwk"] = new JsonObject { ["kty"] = "RSA", ["n"] = "AQAB", ["e"] = "AQAB" } };
        var payload = OtherIssuersCredential();
        payload["iss"] = "https://example.edu/issuers/565049";
        var jwt = $"{Part(header)}.{Part(payload)}.c2lnbmF0dXJl";

        var recognized = ForeignCredentials.Recognize(jwt, data.Options);

        Assert.NotNull(recognized);
        Assert.Equal(ForeignCredentials.ForeignIssuer, recognized.Status);
        Assert.Equal("https://example.edu/issuers/565049", recognized.IssuerId);
        Assert.Contains("issued by Example University (https://example.edu/issuers/565049)", recognized.Detail);
        Assert.Contains("verifies credentials issued here", recognized.Detail);
        Assert.Contains("RS256", recognized.Detail);

        // A VC 1.1 JWT (credential under "vc", issuer as a string) is recognised too.
        var legacy = new JsonObject { ["iss"] = "did:example:issuer", ["vc"] = OtherIssuersCredential() };
        legacy["vc"]!["issuer"] = "did:example:issuer";
        Assert.Equal(ForeignCredentials.ForeignIssuer, ForeignCredentials.Recognize($"{Part(header)}.{Part(legacy)}.c2ln", data.Options)?.Status);
    }

    [Fact]
    public void OurOwnJwts_TamperedOrNot_AndGarbage_GoToTheStrictChecks()
    {
        using var data = new CredentialTestData();
        var jwt = data.SignedCredential();
        Assert.Null(ForeignCredentials.Recognize(jwt, data.Options));
        var parts = jwt.Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])))!.AsObject();
        payload["credentialSubject"]!["creditsEarned"] = 40;
        Assert.Null(ForeignCredentials.Recognize($"{parts[0]}.{Part(payload)}.{parts[2]}", data.Options));
        Assert.Null(ForeignCredentials.Recognize("not a jwt", data.Options));
        Assert.Null(ForeignCredentials.Recognize("a.b.c", data.Options));
        // A JWT that is not a credential (a login token) is not called a foreign credential.
        Assert.Null(ForeignCredentials.Recognize($"{Part(new JsonObject { ["alg"] = "RS256" })}.{Part(new JsonObject { ["iss"] = "https://login.example" })}.c2ln", data.Options));
    }

    [Fact]
    public void JsonCredentials_AreRecognised_OursPointingToTheJwt_OthersNamingTheirIssuerAndProof()
    {
        using var data = new CredentialTestData();
        var foreign = OtherIssuersCredential();
        foreign["proof"] = new JsonObject { ["type"] = "DataIntegrityProof", ["cryptosuite"] = "eddsa-rdfc-2022", ["proofValue"] = "z58DAdFfa9" };
        var recognized = ForeignCredentials.Recognize(foreign.ToJsonString(), data.Options);
        Assert.Equal(ForeignCredentials.ForeignIssuer, recognized?.Status);
        Assert.Contains("JSON form (not a VC-JWT)", recognized!.Detail);
        Assert.Contains("eddsa-rdfc-2022", recognized.Detail);
        Assert.Contains("Example University", recognized.Detail);

        var ours = ForeignCredentials.Recognize(data.Credential().ToJsonString(), data.Options);
        Assert.Equal(ForeignCredentials.JsonCredential, ours?.Status);
        Assert.Contains(".jwt file", ours!.Detail);

        // Our wallet file: the JWT inside is what gets verified.
        var jwt = data.SignedCredential();
        var wallet = new JsonObject { ["credential"] = data.Credential(), ["jwt"] = jwt };
        Assert.Equal(jwt, ForeignCredentials.Recognize(wallet.ToJsonString(), data.Options)?.Jwt);

        // JSON that is not a credential, or not JSON at all, is malformed (no status), with a reason.
        Assert.Null(ForeignCredentials.Recognize("{\"hello\": 1}", data.Options)?.Status);
        Assert.Contains("not a verifiable credential", ForeignCredentials.Recognize("{\"hello\": 1}", data.Options)?.Detail);
        Assert.Contains("not a JSON object", ForeignCredentials.Recognize("{broken", data.Options)?.Detail);
    }
}
