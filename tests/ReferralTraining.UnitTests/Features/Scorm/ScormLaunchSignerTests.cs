using ReferralTraining.Web.Features.Scorm;

namespace ReferralTraining.UnitTests.Features.Scorm;

public sealed class ScormLaunchSignerTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly byte[] OtherOrganizationKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 11 + 1)).ToArray();
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private static LaunchClaims Claims(DateTimeOffset? issued = null) => new(
        Guid.Parse("11111111-2222-3333-4444-555555555555"), "intensive-referral", ScormVersion.Scorm12, "emp-0042", "Rivera, Ana",
        (issued ?? Now).ToUnixTimeSeconds(), "n0nce-n0nce-n0nce-n0nce", "https://lms.example.org");

    [Fact]
    public void Canonical_IsTheDocumentedLineOrder()
    {
        Assert.Equal("rt-scorm-launch-v1\n11111111-2222-3333-4444-555555555555\nintensive-referral\n1.2\nemp-0042\nRivera, Ana\n"
            + Now.ToUnixTimeSeconds() + "\nn0nce-n0nce-n0nce-n0nce\nhttps://lms.example.org", ScormLaunchSigner.Canonical(Claims()));
    }

    [Fact]
    public void Signed_WithTheKey_IsValid()
    {
        var claims = Claims();
        Assert.Equal(LaunchCheck.Valid, ScormLaunchSigner.Verify(Key, claims, ScormLaunchSigner.Sign(Key, claims), Now, MaxAge, Skew));
    }

    public static TheoryData<string> Tampered => new() { "learner", "name", "course", "origin", "version", "key id", "issued", "nonce" };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void AnyTamperedClaim_BreaksTheSignature(string field)
    {
        var claims = Claims();
        var signature = ScormLaunchSigner.Sign(Key, claims);
        var changed = field switch
        {
            "learner" => claims with { LearnerId = "emp-0043" },
            "name" => claims with { LearnerName = "Rivera, Anna" },
            "course" => claims with { CourseId = "medications" },
            "origin" => claims with { Origin = "https://evil.example" },
            "version" => claims with { Version = ScormVersion.Scorm2004 },
            "key id" => claims with { KeyId = Guid.NewGuid() },
            "issued" => claims with { IssuedAt = claims.IssuedAt + 1 },
            _ => claims with { Nonce = "another-nonce-value-1" },
        };
        Assert.Equal(LaunchCheck.BadSignature, ScormLaunchSigner.Verify(Key, changed, signature, Now, MaxAge, Skew));
    }

    [Fact]
    public void TamperedSignature_IsRefused()
    {
        var claims = Claims();
        var signature = ScormLaunchSigner.Sign(Key, claims);
        var flipped = (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        Assert.Equal(LaunchCheck.BadSignature, ScormLaunchSigner.Verify(Key, claims, flipped, Now, MaxAge, Skew));
        Assert.Equal(LaunchCheck.Malformed, ScormLaunchSigner.Verify(Key, claims, "", Now, MaxAge, Skew));
    }

    [Fact]
    public void SignedWithAnotherOrganizationsKey_IsRefused()
    {
        var claims = Claims();
        Assert.Equal(LaunchCheck.BadSignature, ScormLaunchSigner.Verify(Key, claims, ScormLaunchSigner.Sign(OtherOrganizationKey, claims), Now, MaxAge, Skew));
    }

    [Fact]
    public void Expired_AndFromTheFuture_AreRefused_AtTheirBoundaries()
    {
        var old = Claims(Now - MaxAge - TimeSpan.FromSeconds(1));
        Assert.Equal(LaunchCheck.Expired, ScormLaunchSigner.Verify(Key, old, ScormLaunchSigner.Sign(Key, old), Now, MaxAge, Skew));
        var oldest = Claims(Now - MaxAge);
        Assert.Equal(LaunchCheck.Valid, ScormLaunchSigner.Verify(Key, oldest, ScormLaunchSigner.Sign(Key, oldest), Now, MaxAge, Skew));
        var ahead = Claims(Now + Skew + TimeSpan.FromSeconds(1));
        Assert.Equal(LaunchCheck.IssuedInTheFuture, ScormLaunchSigner.Verify(Key, ahead, ScormLaunchSigner.Sign(Key, ahead), Now, MaxAge, Skew));
    }

    [Fact]
    public void Malformed_Claims_AreRefusedBeforeTheSignature()
    {
        foreach (var claims in new[]
        {
            Claims() with { LearnerId = "" },
            Claims() with { LearnerId = new string('x', 256) },
            Claims() with { LearnerName = "Ana\nRivera" },
            Claims() with { Nonce = "short" },
            Claims() with { Origin = "" },
        })
        {
            Assert.Equal(LaunchCheck.Malformed, ScormLaunchSigner.Verify(Key, claims, ScormLaunchSigner.Sign(Key, claims), Now, MaxAge, Skew));
        }
    }

    [Theory]
    [InlineData("https://lms.example.org/", "https://lms.example.org")]
    [InlineData("https://LMS.example.org:443", "https://lms.example.org")]
    [InlineData("https://lms.example.org:8443", "https://lms.example.org:8443")]
    [InlineData("http://127.0.0.1:5090", "http://127.0.0.1:5090")]
    [InlineData("http://lms.example.org", null)]
    [InlineData("https://lms.example.org/moodle", null)]
    [InlineData("lms.example.org", null)]
    [InlineData("javascript:alert(1)", null)]
    public void Origins_AreNormalizedOrRefused(string text, string? expected)
    {
        Assert.Equal(expected, ScormOrigins.Normalize(text, out var problem));
        Assert.Equal(expected is null, problem is not null);
    }

    [Theory]
    [InlineData("Rivera, Ana", "Ana", "Rivera")]
    [InlineData("Ana María Rivera", "Ana María", "Rivera")]
    [InlineData("Ana", "Ana", "")]
    [InlineData("  ", "LMS", "learner")]
    public void LearnerNames_AreSplit(string name, string given, string family) =>
        Assert.Equal((given, family), ScormService.SplitName(name));
}
