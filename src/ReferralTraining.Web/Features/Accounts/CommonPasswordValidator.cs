using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// NIST SP 800-63B 3.1.1.2 and ASVS 6.2.4: length and a block-list instead of composition rules. The list is the
/// zxcvbn-ts ranked dictionary (about 49,000 passwords, see common-passwords.txt), checked also with the digits and
/// punctuation people add around a common word ("Password123!" is "password"), plus repeated or sequential patterns,
/// the service's own words, and the account's own e-mail and name parts (ASVS 6.2.11).
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
        if (IsCommon(normalized) || IsPersonal(normalized, user))
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

    /// <summary>How many passwords the shipped list holds.</summary>
    public static int ListSize => Common.Value.Count;

    public static bool IsCommon(string normalized) =>
        Common.Value.Contains(normalized) || Common.Value.Contains(Core(normalized))
        || normalized.Distinct().Count() <= 2 || IsSequence(normalized) || IsContextWordVariant(normalized);

    /// <summary>The password without the digits, spaces and punctuation at its ends: "password123!" → "password".</summary>
    public static string Core(string normalized) => normalized.Trim(Decoration);

    private static readonly char[] Decoration = "0123456789 !@#$%^&*()_+-=.,;:?'\"/\\|[]{}<>~`".ToCharArray();

    private static bool IsContextWordVariant(string normalized)
    {
        var letters = new string(normalized.Where(char.IsLetter).ToArray()).ToLowerInvariant();
        return ContextWords.Any(w => letters == w || letters == w + w) || letters.Replace("referraltraining", "", StringComparison.Ordinal).Length == 0;
    }

    /// <summary>
    /// The account's own words: the e-mail address, its local part and domain name, and the person's names, alone or
    /// decorated with digits and punctuation ("Jordan.Smith1990", "example.org!").
    /// </summary>
    private static bool IsPersonal(string password, AppUser user)
    {
        var core = Core(password);
        var squeezed = new string(password.Where(char.IsLetterOrDigit).ToArray());
        var letters = new string(password.Where(char.IsLetter).ToArray());
        foreach (var word in PersonalWords(user))
        {
            if (password == word || core == word || squeezed == word || letters == word)
            {
                return true;
            }
        }
        return false;
    }

    private static IEnumerable<string> PersonalWords(AppUser user)
    {
        var email = user.Email?.Trim().ToLowerInvariant() ?? "";
        var at = email.IndexOf('@');
        var parts = new List<string> { email };
        if (at > 0)
        {
            var local = email[..at];
            parts.Add(local);
            parts.Add(email[(at + 1)..]);
            parts.Add(email[(at + 1)..].Split('.')[0]);
            parts.AddRange(local.Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries));
            parts.Add(new string(local.Where(char.IsLetterOrDigit).ToArray()));
        }
        var names = new[] { user.GivenName, user.MiddleName, user.FamilyName }
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim().ToLowerInvariant()).ToList();
        parts.AddRange(names);
        parts.Add(string.Concat(names.Select(n => new string(n.Where(char.IsLetter).ToArray()))));
        if (names.Count >= 2)
        {
            parts.Add(new string((names[^1] + names[0]).Where(char.IsLetter).ToArray()));
        }
        return parts.Where(p => p.Length >= 4).Distinct();
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
