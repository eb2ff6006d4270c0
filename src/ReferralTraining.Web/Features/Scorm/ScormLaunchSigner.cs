using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReferralTraining.Web.Features.Scorm;

/// <summary>
/// The launch signature: HMAC-SHA256 with the package key over every claim, one per line, in a fixed order. The
/// launcher (Package/launcher.js) computes the same string with WebCrypto; a change here must change it there.
/// </summary>
public static class ScormLaunchSigner
{
    public const int MaxLearnerIdLength = 255;
    public const int MaxLearnerNameLength = 255;

    /// <summary>The string that is signed. Line breaks cannot occur inside a claim: claims holding them are malformed.</summary>
    public static string Canonical(LaunchClaims c) => string.Join('\n',
        "rt-scorm-launch-v1", c.KeyId.ToString("D"), c.CourseId, VersionName(c.Version), c.LearnerId, c.LearnerName,
        c.IssuedAt.ToString(CultureInfo.InvariantCulture), c.Nonce, c.Origin);

    public static string VersionName(ScormVersion version) => version == ScormVersion.Scorm12 ? "1.2" : "2004";

    public static ScormVersion? ParseVersion(string? name) => name switch
    {
        "1.2" => ScormVersion.Scorm12,
        "2004" => ScormVersion.Scorm2004,
        _ => null,
    };

    public static string Sign(ReadOnlySpan<byte> key, LaunchClaims claims) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Canonical(claims))));

    /// <summary>
    /// Checks the claims' shape, the signature (constant time) and the issue time: valid from <paramref name="maxAge"/>
    /// before now to <paramref name="maxSkew"/> after (the learner's computer clock signs, and it may run ahead).
    /// </summary>
    public static LaunchCheck Verify(ReadOnlySpan<byte> key, LaunchClaims claims, string? signature, DateTimeOffset now, TimeSpan maxAge, TimeSpan maxSkew)
    {
        if (!WellFormed(claims) || string.IsNullOrEmpty(signature) || signature.Length > 100)
        {
            return LaunchCheck.Malformed;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(key, claims));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return LaunchCheck.BadSignature;
        }
        var issued = DateTimeOffset.FromUnixTimeSeconds(claims.IssuedAt);
        if (issued < now - maxAge)
        {
            return LaunchCheck.Expired;
        }
        return issued > now + maxSkew ? LaunchCheck.IssuedInTheFuture : LaunchCheck.Valid;
    }

    public static bool WellFormed(LaunchClaims c) =>
        !string.IsNullOrWhiteSpace(c.LearnerId) && c.LearnerId.Length <= MaxLearnerIdLength
        && c.LearnerName.Length <= MaxLearnerNameLength
        && c.CourseId.Length is > 0 and <= 100 && c.Nonce.Length is >= 16 and <= 64 && c.Origin.Length is > 0 and <= ScormOrigins.MaxLength
        && c.IssuedAt is > 0 and < 253402300799
        && !new[] { c.CourseId, c.LearnerId, c.LearnerName, c.Nonce, c.Origin }.Any(v => v.Contains('\n') || v.Contains('\r'));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
