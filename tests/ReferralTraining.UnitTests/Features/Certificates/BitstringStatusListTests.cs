using System.Buffers.Text;
using System.IO.Compression;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Features.Certificates;

public sealed class BitstringStatusListTests
{
    // The encodedList example of W3C Bitstring Status List v1.0 (credentials.md §1.7).
    private const string SpecExample = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

    [Fact]
    public void SpecExample_DecodesTo16384ZeroBytes()
    {
        var list = BitstringStatusList.Decode(SpecExample);

        var bytes = list.ToBytes();
        Assert.Equal(16_384, bytes.Length);
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.Equal(131_072, list.Length);
    }

    [Fact]
    public void RoundTrip_KeepsBits_InMostSignificantBitFirstOrder()
    {
        var list = new BitstringStatusList();
        foreach (var index in new[] { 0, 7, 8, 131_071 })
        {
            list.Set(index);
        }

        var encoded = list.Encode();
        Assert.StartsWith("u", encoded);
        Assert.DoesNotContain('=', encoded);
        Assert.DoesNotContain('+', encoded);
        Assert.DoesNotContain('/', encoded);

        var decoded = BitstringStatusList.Decode(encoded);
        var bytes = decoded.ToBytes();
        Assert.Equal(0b1000_0001, bytes[0]); // index 0 is the left-most bit, index 7 the right-most
        Assert.Equal(0b1000_0000, bytes[1]); // index 8
        Assert.Equal(0b0000_0001, bytes[^1]); // index 131,071
        Assert.Equal(4, bytes.Sum(b => BitOperations.PopCount(b)));
        foreach (var index in new[] { 0, 7, 8, 131_071 })
        {
            Assert.True(decoded.Get(index), $"bit {index}");
        }
        Assert.False(decoded.Get(1));
        Assert.False(decoded.Get(9));
        Assert.False(decoded.Get(131_070));
    }

    [Fact]
    public void Encode_IsGzipOfTheRawBits()
    {
        var list = new BitstringStatusList();
        list.Set(94_567);
        var compressed = Base64Url.DecodeFromChars(list.Encode().AsSpan(1));
        Assert.Equal(new byte[] { 0x1f, 0x8b }, compressed[..2]); // RFC 1952 magic

        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gzip.CopyTo(raw);
        Assert.Equal(list.ToBytes(), raw.ToArray());
        Assert.True(list.Encode().Length < 200);
    }

    [Fact]
    public void Set_CanClearABit()
    {
        var list = new BitstringStatusList();
        list.Set(12);
        list.Set(12, false);
        Assert.False(list[12]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Get(131_072));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Set(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitstringStatusList(1024));
    }

    public static TheoryData<string?, string> BadLists()
    {
        var small = new MemoryStream();
        using (var gzip = new GZipStream(small, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[1024]);
        }
        var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 17; i++)
            {
                gzip.Write(zeros);
            }
        }
        return new TheoryData<string?, string>
        {
            { null, "starting with 'u'" },
            { "", "starting with 'u'" },
            { "z" + SpecExample[1..], "starting with 'u'" },
            { SpecExample + "=", "without padding" },
            { "uAAAA", "GZIP" },
            { "u" + Base64Url.EncodeToString(small.ToArray()), "at least 131,072" },
            { "u" + Base64Url.EncodeToString(bomb.ToArray()), "larger than" },
        };
    }

    [Theory]
    [MemberData(nameof(BadLists))]
    public void TryDecode_RefusesMalformedLists(string? encoded, string problemContains)
    {
        Assert.False(BitstringStatusList.TryDecode(encoded, out _, out var problem));
        Assert.Contains(problemContains, problem);
    }

    [Fact]
    public void StatusListCredential_HasTheSpecShape()
    {
        using var data = new CredentialTestData();
        var list = new BitstringStatusList();
        list.Set(5);
        var credential = list.BuildStatusListCredential(data.Options.RevocationListUrl(1), data.Options.IssuerId, "revocation",
            CredentialTestData.Now.AddMilliseconds(250), TimeSpan.FromMinutes(5));

        Assert.Equal("https://ce.example.org/status/revocation/1", (string?)credential["id"]);
        Assert.Equal(["VerifiableCredential", "BitstringStatusListCredential"], credential["type"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("https://www.w3.org/ns/credentials/v2", (string?)credential["@context"]![0]);
        Assert.Equal("https://ce.example.org/issuers/main", (string?)credential["issuer"]);
        Assert.Equal("2026-04-13T18:05:00Z", (string?)credential["validFrom"]);
        var subject = credential["credentialSubject"]!.AsObject();
        Assert.Equal("https://ce.example.org/status/revocation/1#list", (string?)subject["id"]);
        Assert.Equal("BitstringStatusList", (string?)subject["type"]);
        Assert.Equal("revocation", (string?)subject["statusPurpose"]);
        Assert.Equal(300_000, subject["ttl"]!.GetValue<long>());
        Assert.True(BitstringStatusList.Decode((string)subject["encodedList"]!).Get(5));
    }

    [Fact]
    public async Task SignedStatusList_VerifiesAndRevokesThroughTheLookup()
    {
        using var data = new CredentialTestData();
        var list = new BitstringStatusList();
        list.Set(94_567);
        var listJwt = VcJwt.Sign(
            list.BuildStatusListCredential(data.Options.RevocationListUrl(1), data.Options.IssuerId, "revocation", CredentialTestData.Now), data.SigningKey);

        var listCheck = await VcJwt.VerifyAsync(listJwt, data.Keys, statusLookup: null, CredentialTestData.Now);
        Assert.True(listCheck.Valid, string.Join("\n", listCheck.Checks.Select(c => $"{c.Name}: {c.Detail}")));

        var suspensionJwt = VcJwt.Sign(
            new BitstringStatusList().BuildStatusListCredential(data.Options.SuspensionListUrl(1), data.Options.IssuerId, "suspension", CredentialTestData.Now), data.SigningKey);
        var lookup = BitstringStatusList.LookupFromSignedLists(
            new Dictionary<string, string> { [data.Options.RevocationListUrl(1)] = listJwt, [data.Options.SuspensionListUrl(1)] = suspensionJwt }, data.Keys, CredentialTestData.Now);
        var revoked = await VcJwt.VerifyAsync(data.SignedCredential(), data.Keys, lookup, CredentialTestData.Now);
        Assert.False(revoked.Valid);
        Assert.Contains("revoked", revoked.Find(VerificationChecks.Status)!.Detail);

        var other = data.SignedCredential(CredentialTestData.Document(id: Guid.NewGuid(), statusIndex: 12));
        Assert.True((await VcJwt.VerifyAsync(other, data.Keys, lookup, CredentialTestData.Now)).Valid);
    }

    [Fact]
    public async Task Lookup_DoesNotTrustAListSignedByAnotherKey()
    {
        using var data = new CredentialTestData();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var list = new BitstringStatusList();
        var forgedList = VcJwt.Sign(
            list.BuildStatusListCredential(data.Options.RevocationListUrl(1), data.Options.IssuerId, "revocation", CredentialTestData.Now),
            data.PublicKey.Kid, attacker);
        var lookup = BitstringStatusList.LookupFromSignedLists(
            new Dictionary<string, string> { [data.Options.RevocationListUrl(1)] = forgedList }, data.Keys, CredentialTestData.Now);

        var result = await VcJwt.VerifyAsync(data.SignedCredential(), data.Keys, lookup, CredentialTestData.Now);
        Assert.False(result.Valid);
        Assert.Contains("unknown", result.Find(VerificationChecks.Status)!.Detail);
    }

    [Fact]
    public void StatusListCredential_IsJsonThatRoundTrips()
    {
        var credential = new BitstringStatusList().BuildStatusListCredential("https://x.example/status/1", "https://x.example/issuers/main", "revocation", DateTimeOffset.UnixEpoch);
        Assert.True(JsonNode.DeepEquals(credential, JsonNode.Parse(credential.ToJsonString())));
    }
}
