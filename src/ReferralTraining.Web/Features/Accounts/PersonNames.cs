namespace ReferralTraining.Web.Features.Accounts;

/// <summary>
/// Names appear on certificates and in e-mails, so they are limited to what names are made of: letters (any script) and
/// combining marks, spaces, hyphens, apostrophes and periods. No digits, '@', ':' or '/', so a "name" cannot carry a
/// link or a message into mail sent from our server ("Your license is suspended: pay at https://…").
/// </summary>
public static class PersonNames
{
    public const int MaxLength = 100;
    public const int MaxSuffixLength = 20;

    public static bool IsValid(string name) =>
        name.Length <= MaxLength && name.Any(char.IsLetter) && name.All(c =>
            char.IsLetter(c) || c is ' ' or '-' or '\'' or '\u2019' or '.'
            || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark);

    public static void Validate(List<FieldError> errors, string? given, string? middle, string? family, string? suffix)
    {
        Require(errors, "GivenName", given, "given (first)");
        Require(errors, "FamilyName", family, "family (last)");
        if (!string.IsNullOrWhiteSpace(middle))
        {
            Check(errors, "MiddleName", middle.Trim(), "Middle name", MaxLength);
        }
        if (!string.IsNullOrWhiteSpace(suffix))
        {
            Check(errors, "Suffix", suffix.Trim(), "Suffix", MaxSuffixLength);
        }
    }

    private static void Require(List<FieldError> errors, string field, string? value, string which)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            errors.Add(new(field, $"Enter your {which} name as it appears on your license."));
            return;
        }
        Check(errors, field, v, char.ToUpperInvariant(which[0]) + which[1..which.IndexOf(' ')] + " name", MaxLength);
    }

    private static void Check(List<FieldError> errors, string field, string value, string label, int max)
    {
        if (value.Length > max)
        {
            errors.Add(new(field, $"{label} must be {max} characters or fewer."));
        }
        else if (!IsValid(value))
        {
            errors.Add(new(field, $"{label} can contain letters, spaces, hyphens, apostrophes and periods only."));
        }
    }
}
