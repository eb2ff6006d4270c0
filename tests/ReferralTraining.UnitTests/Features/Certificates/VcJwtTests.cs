using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Features.Certificates;

public sealed class VcJwtTests
{
    private static JsonObject Part(string jwt, int index) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jwt.Split('.')[index])))!.AsObject();

    private static string Segment(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static Task<VcJwtVerification> Verify(CredentialTestData data, string? jwt, DateTimeOffset? now = null, CredentialStatusLookup? lookup = null) =>
        VcJwt.VerifyAsync(jwt, data.Keys, lookup ?? data.Revoked(), now ?? CredentialTestData.Now);

    private static void AssertFailed(VcJwtVerification result, string check, string? detailContains = null)
    {
        Assert.False(result.Valid);
        var failed = Assert.Single(result.Checks, c => !c.Passed);
        Assert.Equal(check, failed.Name);
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, failed.Detail, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static JsonObject Header(string kid) => new() { ["alg"] = "ES256", ["kid"] = kid, ["typ"] = "JWT" };

    [Fact]
    public void Header_IsExactlyAlgKidTyp()
    {
        using var data = new CredentialTestData();
        var header = Part(data.SignedCredential(), 0);

        Assert.Equal(["alg", "kid", "typ"], header.Select(p => p.Key));
        Assert.Equal("ES256", (string?)header["alg"]);
        Assert.Equal("JWT", (string?)header["typ"]);
        Assert.Equal(data.PublicKey.Kid, (string?)header["kid"]);
        Assert.Matches("^https://ce\\.example\\.org/issuers/main/keys/[A-Za-z0-9_-]{43}$", (string)header["kid"]!);
    }

    [Fact]
    public void Payload_IsTheCredentialPlusIssJtiSubNbf_WithoutVc()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential();
        var payload = Part(VcJwt.Sign(credential, data.SigningKey), 1);

        Assert.Equal("https://ce.example.org/issuers/main", (string?)payload["iss"]);
        Assert.Equal("urn:uuid:2f0f8a4e-7c1e-4a57-9a4c-1b7d0c9f3e11", (string?)payload["jti"]);
        Assert.Equal((string?)credential["credentialSubject"]!["id"], (string?)payload["sub"]);
        Assert.Equal(CredentialTestData.IssuedAt.ToUnixTimeSeconds(), payload["nbf"]!.GetValue<long>());
        Assert.False(payload.ContainsKey("vc"));
        Assert.False(payload.ContainsKey("exp"));
        Assert.False(payload.ContainsKey("iat"));
        foreach (var (name, value) in credential)
        {
            Assert.True(JsonNode.DeepEquals(value, payload[name]), name);
        }
        Assert.False(credential.ContainsKey("iss")); // the input is not changed
    }

    [Fact]
    public void Signature_IsP1363AndVerifiesWithTheBcl()
    {
        using var data = new CredentialTestData();
        var jwt = data.SignedCredential();
        var parts = jwt.Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        Assert.Equal(64, signature.Length);
        using var verifier = ECDsa.Create(data.PublicKey.Parameters);
        Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void Sign_Refuses_WhenTheCredentialAlreadyHasJwtClaimsOrLacksSubject()
    {
        using var data = new CredentialTestData();
        var withVc = data.Credential();
        withVc["vc"] = new JsonObject();
        Assert.Throws<ArgumentException>(() => VcJwt.Sign(withVc, data.SigningKey));

        var noSubjectId = data.Credential();
        noSubjectId["credentialSubject"]!.AsObject().Remove("id");
        Assert.Throws<ArgumentException>(() => VcJwt.Sign(noSubjectId, data.SigningKey));
    }

    [Fact]
    public async Task Verify_PassesEveryCheck_WhenTheTokenIsUntouched()
    {
        using var data = new CredentialTestData();
        var result = await Verify(data, data.SignedCredential());

        Assert.True(result.Valid, string.Join("\n", result.Checks.Select(c => $"{c.Name}: {c.Detail}")));
        Assert.Equal(
            [VerificationChecks.Token, VerificationChecks.Algorithm, VerificationChecks.Header, VerificationChecks.Key, VerificationChecks.Signature,
             VerificationChecks.Credential, VerificationChecks.Claims, VerificationChecks.ValidityPeriod, VerificationChecks.Status],
            result.Checks.Select(c => c.Name));
        Assert.All(result.Checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Detail)));
        Assert.Equal("urn:uuid:2f0f8a4e-7c1e-4a57-9a4c-1b7d0c9f3e11", (string?)result.Credential!["id"]);
    }

    [Fact]
    public async Task Verify_Fails_WhenAlgIsNone()
    {
        using var data = new CredentialTestData();
        var payload = VcJwt.WithJwtClaims(data.Credential());
        var header = new JsonObject { ["alg"] = "none", ["kid"] = data.PublicKey.Kid, ["typ"] = "JWT" };

        var unsigned = Segment(header) + "." + Segment(payload) + ".";
        AssertFailed(await Verify(data, unsigned), VerificationChecks.Algorithm, "unsigned");

        // Same, with a real signature copied from a genuine token.
        var genuine = data.SignedCredential().Split('.');
        AssertFailed(await Verify(data, Segment(header) + "." + genuine[1] + "." + genuine[2]), VerificationChecks.Algorithm);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("RS256")]
    [InlineData("ES384")]
    [InlineData("EdDSA")]
    [InlineData("es256")]
    public async Task Verify_Fails_WhenAlgIsNotES256(string alg)
    {
        using var data = new CredentialTestData();
        var header = new JsonObject { ["alg"] = alg, ["kid"] = data.PublicKey.Kid, ["typ"] = "JWT" };
        var signingInput = Segment(header) + "." + Segment(VcJwt.WithJwtClaims(data.Credential()));
        // The classic key-confusion forgery: HMAC keyed with the public key's bytes.
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(data.PublicKey.ToJwk().ToJsonString()), Encoding.ASCII.GetBytes(signingInput));

        AssertFailed(await Verify(data, signingInput + "." + Base64Url.EncodeToString(mac)), VerificationChecks.Algorithm, alg);
    }

    [Fact]
    public async Task Verify_Fails_WhenAnotherKeySignsUnderOurKid()
    {
        using var data = new CredentialTestData();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = VcJwt.Sign(data.Credential(), data.PublicKey.Kid, attacker);

        AssertFailed(await Verify(data, forged), VerificationChecks.Signature);
    }

    [Fact]
    public async Task Verify_Fails_WhenTheKidIsUnknown()
    {
        using var data = new CredentialTestData();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = VcJwt.Sign(data.Credential(), "https://evil.example/keys/1", attacker);

        AssertFailed(await Verify(data, forged), VerificationChecks.Key, "not one of this issuer's");
    }

    [Fact]
    public async Task Verify_Fails_WhenThePayloadIsChangedAfterSigning()
    {
        using var data = new CredentialTestData();
        var parts = data.SignedCredential().Split('.');
        var payload = Part(data.SignedCredential(), 1);
        payload["credentialSubject"]!["creditsEarned"] = 40;

        AssertFailed(await Verify(data, parts[0] + "." + Segment(payload) + "." + parts[2]), VerificationChecks.Signature, "changed");
    }

    [Fact]
    public async Task Verify_Fails_WhenTheSignatureIsTruncatedOrFlipped()
    {
        using var data = new CredentialTestData();
        var parts = data.SignedCredential().Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[10] ^= 0x01;

        AssertFailed(await Verify(data, parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(signature)), VerificationChecks.Signature);
        AssertFailed(await Verify(data, parts[0] + "." + parts[1] + "." + parts[2][..40]), VerificationChecks.Signature);
    }

    [Theory]
    [InlineData("jwk")]
    [InlineData("crit")]
    [InlineData("cty")]
    [InlineData("b64")]
    [InlineData("x5u")]
    public async Task Verify_Fails_WhenTheHeaderHasAnExtraField_EvenIfProperlySigned(string field)
    {
        using var data = new CredentialTestData();
        var header = Header(data.PublicKey.Kid);
        header[field] = field == "jwk" ? data.PublicKey.ToJwk() : "x";
        var jwt = VcJwt.SignCompact(header, VcJwt.WithJwtClaims(data.Credential()), data.CurrentKey);

        AssertFailed(await Verify(data, jwt), VerificationChecks.Header, field);
    }

    [Theory]
    [InlineData("vc+jwt")]
    [InlineData("jwt")]
    [InlineData(null)]
    public async Task Verify_Fails_WhenTypIsNotJwt(string? typ)
    {
        using var data = new CredentialTestData();
        var header = Header(data.PublicKey.Kid);
        if (typ is null)
        {
            header.Remove("typ");
        }
        else
        {
            header["typ"] = typ;
        }
        var jwt = VcJwt.SignCompact(header, VcJwt.WithJwtClaims(data.Credential()), data.CurrentKey);

        AssertFailed(await Verify(data, jwt), VerificationChecks.Header, "typ");
    }

    [Theory]
    [InlineData("iss", "https://ce.example.org/issuers/other")]
    [InlineData("jti", "urn:uuid:00000000-0000-4000-8000-000000000000")]
    [InlineData("sub", "did:example:someone-else")]
    [InlineData("nbf", 1)]
    public async Task Verify_Fails_WhenAClaimDisagreesWithTheCredential(string claim, object value)
    {
        using var data = new CredentialTestData();
        var payload = VcJwt.WithJwtClaims(data.Credential());
        payload[claim] = JsonValue.Create(value);
        var jwt = VcJwt.SignCompact(Header(data.PublicKey.Kid), payload, data.CurrentKey);

        AssertFailed(await Verify(data, jwt), VerificationChecks.Claims, claim);
    }

    [Fact]
    public async Task Verify_Fails_WhenThePayloadUsesTheLegacyVcClaim()
    {
        using var data = new CredentialTestData();
        var payload = VcJwt.WithJwtClaims(data.Credential());
        payload["vc"] = data.Credential();
        var jwt = VcJwt.SignCompact(Header(data.PublicKey.Kid), payload, data.CurrentKey);

        AssertFailed(await Verify(data, jwt), VerificationChecks.Claims, "'vc'");
    }

    [Fact]
    public async Task Verify_Fails_WhenExpired()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential();
        credential["validUntil"] = "2026-06-01T00:00:00Z";
        var jwt = VcJwt.Sign(credential, data.SigningKey);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), Part(jwt, 1)["exp"]!.GetValue<long>());

        Assert.True((await Verify(data, jwt, now: new DateTimeOffset(2026, 5, 31, 0, 0, 0, TimeSpan.Zero))).Valid);
        AssertFailed(await Verify(data, jwt, now: new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero)), VerificationChecks.ValidityPeriod, "expired");
    }

    [Fact]
    public async Task Verify_Fails_WhenNotYetValid()
    {
        using var data = new CredentialTestData();
        var jwt = data.SignedCredential();

        AssertFailed(await Verify(data, jwt, now: CredentialTestData.IssuedAt.AddHours(-1)), VerificationChecks.ValidityPeriod, "not valid yet");
        Assert.True((await Verify(data, jwt, now: CredentialTestData.IssuedAt.AddSeconds(-30))).Valid); // within clock skew
    }

    [Fact]
    public async Task Verify_Fails_WhenRevoked()
    {
        using var data = new CredentialTestData();
        var jwt = data.SignedCredential();

        AssertFailed(await Verify(data, jwt, lookup: data.Revoked(94567)), VerificationChecks.Status, "revoked");
        Assert.True((await Verify(data, jwt, lookup: data.Revoked(94566, 94568))).Valid);
    }

    [Fact]
    public async Task Verify_Fails_WhenSuspended()
    {
        using var data = new CredentialTestData();
        var jwt = data.SignedCredential();
        CredentialStatusLookup suspended = (entry, _) =>
            ValueTask.FromResult(entry.Purpose == "suspension" && entry.Index == 94567 ? StatusLookupResult.Set : StatusLookupResult.Clear);

        var result = await Verify(data, jwt, lookup: suspended);
        AssertFailed(result, VerificationChecks.Status, "suspended");
        Assert.Equal(CredentialOutcome.Suspended, result.Outcome);

        // Reinstated (bit cleared): valid again. Revoked while suspended: revoked wins.
        Assert.Equal(CredentialOutcome.Valid, (await Verify(data, jwt, lookup: (_, _) => ValueTask.FromResult(StatusLookupResult.Clear))).Outcome);
        var both = await Verify(data, jwt, lookup: (entry, _) => ValueTask.FromResult(entry.Index == 94567 ? StatusLookupResult.Set : StatusLookupResult.Clear));
        AssertFailed(both, VerificationChecks.Status, "revoked");
        Assert.Equal(CredentialOutcome.Revoked, both.Outcome);

        // The issuer's own lookup reads suspension from its suspension list only.
        var fromSource = await Verify(data, jwt, lookup: CredentialsApi.RevocationLookup(new CredentialTestData.FixedRevokedIndexes([], suspended: [94567]), data.Options));
        Assert.Equal(CredentialOutcome.Suspended, fromSource.Outcome);

        // An older credential with a single revocation entry (an object) is still read.
        var old = data.Credential();
        old["credentialStatus"] = old["credentialStatus"]![0]!.DeepClone();
        Assert.True((await Verify(data, VcJwt.Sign(old, data.SigningKey), lookup: suspended)).Valid);
        Assert.Equal(CredentialOutcome.Revoked, (await Verify(data, VcJwt.Sign(old, data.SigningKey), lookup: data.Revoked(94567))).Outcome);
    }

    [Fact]
    public async Task Verify_Fails_WhenTheStatusCannotBeChecked()
    {
        using var data = new CredentialTestData();
        var jwt = data.SignedCredential();
        CredentialStatusLookup broken = (_, _) => throw new InvalidOperationException("database down");

        AssertFailed(await VcJwt.VerifyAsync(jwt, data.Keys, statusLookup: null, CredentialTestData.Now), VerificationChecks.Status, "unknown");
        AssertFailed(await Verify(data, jwt, lookup: broken), VerificationChecks.Status, "unknown");

        var foreign = data.Credential();
        foreach (var entry in foreign["credentialStatus"]!.AsArray())
        {
            entry!["statusListCredential"] = "https://evil.example/status/1";
        }
        AssertFailed(await Verify(data, VcJwt.Sign(foreign, data.SigningKey)), VerificationChecks.Status, "does not publish");
    }

    [Fact]
    public async Task Verify_AcceptsARetiredKey_ForWhatItSignedBeforeRetirement()
    {
        using var data = new CredentialTestData();
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var retired = data.PublicKey with { RetiredAt = CredentialTestData.IssuedAt.AddDays(1) };
        var current = IssuerPublicKey.FromKey(newKey, data.Options.KeyUrl, retired.RetiredAt!.Value);
        IReadOnlyCollection<IssuerPublicKey> keys = [current, retired];

        var old = await VcJwt.VerifyAsync(data.SignedCredential(), keys, data.Revoked(), CredentialTestData.Now);
        Assert.True(old.Valid, string.Join("\n", old.Checks.Select(c => $"{c.Name}: {c.Detail}")));
        Assert.Contains("retired", old.Find(VerificationChecks.Key)!.Detail);

        // A credential dated after the retirement but signed with the retired key is refused.
        var late = data.Credential(CredentialTestData.Document() with { IssuedAt = CredentialTestData.IssuedAt.AddDays(5) });
        var lateResult = await VcJwt.VerifyAsync(VcJwt.Sign(late, data.SigningKey), keys, data.Revoked(), CredentialTestData.Now);
        AssertFailed(lateResult, VerificationChecks.ValidityPeriod, "retired");

        var fresh = await VcJwt.VerifyAsync(VcJwt.Sign(late, current.Kid, newKey), keys, data.Revoked(), CredentialTestData.Now);
        Assert.True(fresh.Valid);
    }

    [Fact]
    public async Task Verify_Fails_WhenTheKeyBelongsToAnotherIssuer()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential();
        credential["issuer"]!["id"] = "https://other.example/issuers/main";
        var jwt = VcJwt.Sign(credential, data.SigningKey);

        AssertFailed(await Verify(data, jwt), VerificationChecks.Claims, "does not belong");
    }

    [Fact]
    public async Task Verify_Fails_WhenTheTokenIsTooLarge()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential();
        credential["description"] = new string('x', 70_000);
        var result = await Verify(data, VcJwt.Sign(credential, data.SigningKey));

        AssertFailed(result, VerificationChecks.Token, "at most");
        Assert.True(result.IsMalformed);
        Assert.Null(result.Credential);
    }

    [Fact]
    public async Task Verify_Fails_WhenAJsonNameIsRepeated()
    {
        using var data = new CredentialTestData();
        var genuine = data.SignedCredential().Split('.');
        var payloadJson = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(genuine[1]));
        var duplicated = "{\"iss\":\"https://evil.example\"," + payloadJson[1..];
        var jwt = genuine[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(duplicated)) + "." + genuine[2];

        AssertFailed(await Verify(data, jwt), VerificationChecks.Token, "repeats");
    }

    public static TheoryData<string?> Garbage()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        return new TheoryData<string?>
        {
            null,
            "",
            "   ",
            "not a token",
            "a.b",
            "a.b.c.d",
            "a.b.c.d.e",
            "....",
            "..",
            "eyJhbGciOiJFUzI1NiJ9..sig",
            "!!!.???.***",
            "eyJhbGciOiJFUzI1NiJ9=.e30.AA",
            Base64Url.EncodeToString("[]"u8) + "." + Base64Url.EncodeToString("{}"u8) + ".AA",
            Base64Url.EncodeToString("{}"u8) + "." + Base64Url.EncodeToString("null"u8) + ".AA",
            Base64Url.EncodeToString("{\"alg\":\"ES256\"}"u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(deep)) + ".AA",
            Base64Url.EncodeToString(new byte[] { 0xff, 0xfe, 0x7b, 0x7d }) + "." + Base64Url.EncodeToString("{}"u8) + ".AA",
            Base64Url.EncodeToString("{\"alg\":{\"x\":1},\"kid\":7,\"typ\":[]}"u8) + "." + Base64Url.EncodeToString("{}"u8) + ".AA",
            Base64Url.EncodeToString("{\"alg\":\"ES256\",\"kid\":\"k\",\"typ\":\"JWT\"}"u8) + "." + Base64Url.EncodeToString("{\"nbf\":1e400}"u8) + ".AA",
            new string('A', 70_000),
        };
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Verify_NeverThrowsAndNeverPasses_OnGarbage(string? input)
    {
        using var data = new CredentialTestData();
        var result = await Verify(data, input);

        Assert.False(result.Valid);
        Assert.Null(result.Credential);
        Assert.Contains(result.Checks, c => !c.Passed && !string.IsNullOrWhiteSpace(c.Detail));
    }

    [Fact]
    public async Task Verify_ChecksTheSignedContent_WhenCredentialFieldsAreBroken()
    {
        using var data = new CredentialTestData();
        var credential = data.Credential();
        credential["credentialSubject"]!.AsObject().Remove("achievement");
        var jwt = VcJwt.Sign(credential, data.SigningKey);

        AssertFailed(await Verify(data, jwt), VerificationChecks.Credential, "achievement");
    }

    [Fact]
    public void PublishedJwk_HasNoPrivatePart_AndItsThumbprintNamesTheKid()
    {
        using var data = new CredentialTestData();
        var jwk = data.PublicKey.ToJwk();

        Assert.False(jwk.ContainsKey("d"));
        Assert.Equal(["kty", "crv", "x", "y", "kid", "alg", "use"], jwk.Select(p => p.Key));
        Assert.EndsWith("/keys/" + data.PublicKey.Thumbprint, (string)jwk["kid"]!);
        Assert.True(EcJwk.TryReadPublic(jwk, out var parameters));
        Assert.Equal(data.PublicKey.Thumbprint, EcJwk.Thumbprint(parameters));

        // Even from a key object that holds the private part, only x and y are used.
        Assert.Equal(data.PublicKey.Thumbprint, EcJwk.Thumbprint(data.CurrentKey.ExportParameters(true)));
        Assert.False(EcJwk.PublicMembers(data.CurrentKey.ExportParameters(true)).ContainsKey("d"));
    }

    [Fact]
    public void Thumbprint_FollowsRfc7638()
    {
        // RFC 7638 §3.1 hashes {"crv","kty","x","y"} in that order without whitespace; computed independently here.
        var x = new byte[32];
        var y = new byte[32];
        x[31] = 1;
        y[31] = 2;
        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } };
        var expected = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(
            "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE\",\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAI\"}")));
        Assert.Equal(expected, EcJwk.Thumbprint(parameters));
    }

    [Fact]
    public void TryReadPublic_Refuses_PointsOffTheCurveAndPrivateKeys()
    {
        var offCurve = new JsonObject
        {
            ["kty"] = "EC", ["crv"] = "P-256",
            ["x"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE", ["y"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAI",
        };
        Assert.False(EcJwk.TryReadPublic(offCurve, out _));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var withD = EcJwk.PublicMembers(key.ExportParameters(false));
        withD["d"] = Base64Url.EncodeToString(key.ExportParameters(true).D);
        Assert.False(EcJwk.TryReadPublic(withD, out _));
    }
}
