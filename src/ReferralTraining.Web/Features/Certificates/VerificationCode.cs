using System.Security.Cryptography;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// Certificate codes a person can type: 80 random bits in Crockford base32 (no I, L, O, U), grouped
/// XXXX-XXXX-XXXX-XXXX, plus a mod-37 check character that catches any single typo or transposition.
/// Input is case-insensitive and forgiving of the usual confusions (O→0, I/L→1) and of spaces.
/// </summary>
public static class VerificationCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    // Crockford's check symbols extend the alphabet to 37 symbols.
    private const string CheckAlphabet = Alphabet + "*~$=U";

    public static string New()
    {
        var bytes = RandomNumberGenerator.GetBytes(10); // 80 bits
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var chars = new char[16];
        for (var i = 15; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value % 32)];
            value /= 32;
        }
        var body = new string(chars);
        return Format(body + Check(body));
    }

    /// <summary>The canonical form, or null if the text cannot be a valid code (wrong length, bad check).</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64)
        {
            return null;
        }
        var cleaned = new string(input.ToUpperInvariant()
            .Where(c => c is not ('-' or ' ' or '\t'))
            .Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })
            .ToArray());
        if (cleaned.Length != 17 || cleaned[..16].Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return null;
        }
        return Check(cleaned[..16]) == cleaned[16] ? Format(cleaned) : null;
    }

    private static char Check(string body)
    {
        var value = System.Numerics.BigInteger.Zero;
        foreach (var c in body)
        {
            value = value * 32 + Alphabet.IndexOf(c, StringComparison.Ordinal);
        }
        return CheckAlphabet[(int)(value % 37)];
    }

    private static string Format(string code17) => $"{code17[..4]}-{code17[4..8]}-{code17[8..12]}-{code17[12..16]}-{code17[16]}";
}
