using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using ReferralTraining.UnitTests.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.UnitTests.Fuzz;

/// <summary>
/// Mutated VC-JWTs: bit flips, cut or extra segments, wrong alg/kid/typ, non-base64url and huge segments, JSON
/// bombs, tokens re-signed by another key. None may verify, none may throw, and each names the failed check.
/// </summary>
public sealed class VcJwtFuzzTests : IDisposable
{
    private readonly CredentialTestData data = new();
    private readonly ECDsa attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string token;
    private readonly string[] parts;

    public VcJwtFuzzTests()
    {
        token = data.SignedCredential();
        parts = token.Split('.');
    }

    public void Dispose()
    {
        data.Dispose();
        attacker.Dispose();
    }

    private static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static readonly string[] HeaderJson =
    [
        "{\"alg\":\"none\",\"kid\":\"K\",\"typ\":\"JWT\"}", "{\"alg\":\"HS256\",\"kid\":\"K\",\"typ\":\"JWT\"}", "{\"alg\":\"ES384\",\"kid\":\"K\",\"typ\":\"JWT\"}",
        "{\"alg\":\"es256\",\"kid\":\"K\",\"typ\":\"JWT\"}", "{\"alg\":\"ES256 \",\"kid\":\"K\",\"typ\":\"JWT\"}", "{\"alg\":null,\"kid\":\"K\",\"typ\":\"JWT\"}",
        "{\"alg\":[\"ES256\"],\"kid\":\"K\",\"typ\":\"JWT\"}", "{\"kid\":\"K\",\"typ\":\"JWT\"}", "{\"alg\":\"ES256\",\"typ\":\"JWT\"}",
        "{\"alg\":\"ES256\",\"kid\":\"\",\"typ\":\"JWT\"}", "{\"alg\":\"ES256\",\"kid\":1,\"typ\":\"JWT\"}", "{\"alg\":\"ES256\",\"kid\":\"https://evil.example/keys/x\",\"typ\":\"JWT\"}",
        "{\"alg\":\"ES256\",\"kid\":\"K\"}", "{\"alg\":\"ES256\",\"kid\":\"K\",\"typ\":\"jwt\"}", "{\"alg\":\"ES256\",\"kid\":\"K\",\"typ\":\"JWT\",\"jwk\":{\"kty\":\"EC\"}}",
        "{\"alg\":\"ES256\",\"kid\":\"K\",\"typ\":\"JWT\",\"crit\":[\"b64\"],\"b64\":false}", "{\"alg\":\"ES256\",\"alg\":\"none\",\"kid\":\"K\",\"typ\":\"JWT\"}",
        "{\"alg\":\"ES256\",\"kid\":\"K\",\"typ\":\"JWT\",\"kid\":\"K\"}", "{\"ALG\":\"ES256\",\"kid\":\"K\",\"typ\":\"JWT\"}", "[\"ES256\"]", "\"ES256\"", "null", "{",
        "{\"alg\":\"ES256\",\"kid\":\"K\",\"typ\":\"JWT\"}garbage", "{\"alg\":\"ES256\",\"kid\":\"K\u0000\",\"typ\":\"JWT\"}",
        "{\"alg\":\"ES256\",\"kid\":\"K\",\"typ\":\"JWT\",\"x5u\":\"https://evil.example\"}", "{\"alg\":\"\\u0045S256\",\"kid\":\"K\",\"typ\":\"JWT\"}",
    ];

    /// <summary>A JSON bomb or oddity in place of the header or payload.</summary>
    private static readonly Gen<string> BombJson = Gen.Int[0, 6].SelectMany(kind => Gen.Int[1, 40_000].Select(n => kind switch
    {
        0 => new string('[', n % 5_000) + new string(']', n % 5_000),
        1 => "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", n % 2_000)) + "1" + new string('}', n % 2_000 + 1),
        2 => "[" + string.Join(',', Enumerable.Repeat("1e999999", n % 3_000 + 1)) + "]",
        3 => "{\"a\":\"" + new string('x', n) + "\"}",
        4 => "{" + string.Join(',', Enumerable.Range(0, n % 3_000 + 1).Select(i => $"\"k{i % 50}\":{i}")) + "}",
        5 => "{\"nbf\":" + new string('9', n % 400 + 1) + "}",
        _ => "{\"a\":\"\\ud800\"}",
    }));

    private enum Kind { FlipChar, FlipBit, Cut, Dots, Replace, Garbage, Header, HeaderResigned, Bomb, PayloadResignedByAttacker }

    private string Mutate(Kind kind, int segment, int position, int value, string header, string bomb, string garbage)
    {
        var p = (string[])parts.Clone();
        var s = segment % 3;
        switch (kind)
        {
            case Kind.FlipChar:
                const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                var i = position % p[s].Length;
                var c = Alphabet[(Alphabet.IndexOf(p[s][i], StringComparison.Ordinal) + 1 + value % 63) % 64];
                p[s] = p[s][..i] + c + p[s][(i + 1)..];
                break;
            case Kind.FlipBit:
                var bytes = Base64Url.DecodeFromChars(p[s]);
                bytes[position % bytes.Length] ^= (byte)(1 << (value % 8));
                p[s] = Base64Url.EncodeToString(bytes);
                break;
            case Kind.Cut:
                p[s] = p[s][..(position % p[s].Length)];
                break;
            case Kind.Dots:
                return (value % 6) switch
                {
                    0 => p[0] + "." + p[1],
                    1 => token + ".",
                    2 => token + "." + p[2] + "." + p[2],
                    3 => p[0] + ".." + p[2],
                    4 => "." + token,
                    _ => token.Replace('.', ' '),
                };
            case Kind.Replace:
                // A segment from elsewhere in the token, or a huge one (over the length limit at the top end).
                p[s] = value % 2 == 0 ? p[(s + 1) % 3] : new string('A', position % 70_000);
                break;
            case Kind.Garbage:
                var at = position % (p[s].Length + 1);
                p[s] = p[s][..at] + garbage + p[s][at..];
                break;
            case Kind.Header:
                p[0] = B64(header.Replace("\"K\"", $"\"{data.PublicKey.Kid}\"", StringComparison.Ordinal));
                break;
            case Kind.HeaderResigned:
                p[0] = B64(header.Replace("\"K\"", $"\"{data.PublicKey.Kid}\"", StringComparison.Ordinal));
                p[2] = Sign(p[0] + "." + p[1], attacker);
                break;
            case Kind.Bomb:
                p[s % 2] = B64(bomb);
                break;
            case Kind.PayloadResignedByAttacker:
                var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(p[1])))!.AsObject();
                payload["credentialSubject"]!["achievement"]!["name"] = garbage;
                p[1] = B64(payload.ToJsonString());
                p[2] = Sign(p[0] + "." + p[1], attacker);
                break;
        }
        return string.Join('.', p);
    }

    private static string Sign(string input, ECDsa key) => Base64Url.EncodeToString(
        key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    private Task<VcJwtVerification> Verify(string? jwt) => VcJwt.VerifyAsync(jwt, data.Keys, data.Revoked(), CredentialTestData.Now);

    private static void AssertClearRejection(VcJwtVerification result)
    {
        Assert.False(result.Valid);
        Assert.DoesNotContain(result.Checks, c => c.Name == "internal");
        var failed = Assert.Single(result.Checks, c => !c.Passed);
        Fuzz.AssertReadable(failed.Detail);
    }

    [Fact]
    public async Task TheUnmutatedToken_Verifies()
    {
        Assert.True((await Verify(token)).Valid);
    }

    [Fact]
    public void AnyMutatedToken_IsRejected_WithOneClearReason()
    {
        var gen = Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000], Gen.OneOf(HeaderJson), BombJson, Fuzz.Token);
        Fuzz.Check(gen.Select(g => (g.Item1, Jwt: Mutate(g.Item1, g.Item2 % 3, g.Item3, g.Item4, g.Item5, g.Item6, g.Item7))), c =>
        {
            // A few edits leave the decoded bytes as they were (e.g. padding bits of the last character); those must verify
            // exactly like the original, since what was signed has not changed.
            var result = Fuzz.Bounded(() => Verify(c.Jwt).GetAwaiter().GetResult());
            if (SameBytes(c.Jwt))
            {
                Assert.True(result.Valid);
                return;
            }
            AssertClearRejection(result);
            if (result.Credential is not null)
            {
                Assert.True(result.Find(VerificationChecks.Signature)?.Passed);
            }
        }, iterations: 1_500, print: c => $"{c.Item1}: {Fuzz.Printable(c.Jwt, 2_000)}");
    }

    /// <summary>
    /// Payloads re-signed with the issuer's own key (as a bug in issuing could produce): whatever they hold, the
    /// verifier reports per check and never falls into its catch-all.
    /// </summary>
    [Fact]
    public void AnyPayloadSignedByTheIssuer_IsCheckedWithoutInternalErrors()
    {
        var values = Gen.OneOf<JsonNode?>(
            Gen.Const(() => (JsonNode?)null), Gen.Long.Select(l => (JsonNode?)l), Gen.Double.Select(d => (JsonNode?)(double.IsFinite(d) ? d : 0)),
            Gen.OneOf("", "2026-03-14T18:05:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
                "revocation", "suspension", "BitstringStatusListEntry", "https://ce.example.org/issuers/main", "999999999", "-1", "1e5", "x")
                .Select(s => (JsonNode?)s),
            Gen.Const(() => (JsonNode?)new JsonArray()), Gen.Const(() => (JsonNode?)new JsonObject()),
            Gen.OneOf(253_402_300_800L, -62_135_596_801L, long.MaxValue, long.MinValue, 1e15 - 1, -1e15 + 1).Select(n => (JsonNode?)n));
        string[] paths =
        [
            "nbf", "exp", "iss", "jti", "sub", "vc", "validFrom", "validUntil", "id", "issuer", "type", "@context", "credentialSubject",
            "credentialStatus", "credentialStatus.statusListIndex", "credentialStatus.statusPurpose", "credentialStatus.type",
            "credentialStatus.statusSize", "credentialStatus.statusListCredential", "credentialStatus.id", "credentialSubject.id",
        ];
        var original = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])))!.AsObject();
        var header = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])))!.AsObject();
        Fuzz.Check(Gen.Select(Gen.OneOf(paths), values).Array[1, 4], edits =>
        {
            var payload = (JsonObject)original.DeepClone();
            foreach (var (path, value) in edits)
            {
                // credentialStatus is a list (revocation, suspension): a dotted path edits its first entry.
                var (parent, name) = path.Contains('.', StringComparison.Ordinal)
                    ? (payload[path.Split('.')[0]] switch { JsonArray list when list.Count > 0 => list[0] as JsonObject, var node => node as JsonObject }, path.Split('.')[1])
                    : (payload, path);
                if (parent is not null)
                {
                    parent[name] = value?.DeepClone();
                }
            }
            var jwt = VcJwt.SignCompact(header, payload, data.CurrentKey);

            var result = Fuzz.Bounded(() => Verify(jwt).GetAwaiter().GetResult());

            Assert.DoesNotContain(result.Checks, c => c.Name == "internal");
            Assert.All(result.Checks.Where(c => !c.Passed), c => Fuzz.AssertReadable(c.Detail));
            Assert.Equal(result.Valid, result.Checks.All(c => c.Passed));
        }, iterations: 600, print: e => string.Join("; ", e.Select(x => $"{x.Item1}={x.Item2?.ToJsonString() ?? "null"}")));
    }

    private bool SameBytes(string jwt)
    {
        var p = jwt.Split('.');
        if (p.Length != 3 || p.Any(s => s.Length % 4 == 1 || !s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_')))
        {
            return false;
        }
        try
        {
            return p.Zip(parts).All(x => Base64Url.DecodeFromChars(x.First).AsSpan().SequenceEqual(Base64Url.DecodeFromChars(x.Second)));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
