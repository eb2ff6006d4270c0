using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// NIST SP 800-63B: length and a block-list instead of composition rules. The list is small on purpose
/// (common passwords that meet the length rule, plus repeated or sequential patterns).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }
        var normalized = password.Trim().ToLowerInvariant();
        if (IsCommon(normalized) || ContainsEmailName(normalized, user.Email))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = "This password is too common or too easy to guess. Try a phrase of several unrelated words.",
            }));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>
    /// Context-specific words (ASVS 6.1.2): the service's own names. A password that is one of them plus
    /// digits or punctuation ("ReferralTraining2026!") is the first guess of anyone attacking this site.
    /// </summary>
    public static readonly IReadOnlyList<string> ContextWords = ["referraltraining", "referral", "training", "mutualhelp", "recovery", "clinician", "naadac"];

    public static bool IsCommon(string normalized) =>
        Common.Value.Contains(normalized) || normalized.Distinct().Count() <= 2 || IsSequence(normalized) || IsContextWordVariant(normalized);

    private static bool IsContextWordVariant(string normalized)
    {
        var letters = new string(normalized.Where(char.IsLetter).ToArray()).ToLowerInvariant();
        return ContextWords.Any(w => letters == w || letters == w + w) || letters.Replace("referraltraining", "", StringComparison.Ordinal).Length == 0;
    }

    private static bool ContainsEmailName(string password, string? email)
    {
        var local = email?.Split('@')[0].ToLowerInvariant();
        return local is { Length: >= 4 } && password == local;
    }

    private static bool IsSequence(string s)
    {
        // "123456789012", "abcdefghijkl": every character one step from the last.
        for (var i = 1; i < s.Length; i++)
        {
            var step = s[i] - s[i - 1];
            if (step != 1 && step != -9)
            {
                return false;
            }
        }
        return true;
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream("ReferralTraining.Web.Features.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("Embedded common-password list is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
