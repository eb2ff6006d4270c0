using System.Text.RegularExpressions;

namespace ReferralTraining.Web.Features.ReferralMenu;

/// <summary>
/// Reading-level estimates for patient handouts: Flesch–Kincaid grade (English) and Fernández-Huerta
/// (Spanish, 0–100, higher is easier; 70+ is "fairly easy", about US grade 7).
/// </summary>
public static partial class Readability
{
    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Word();

    [GeneratedRegex(@"[.!?]+(\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex("[aeiouy]+")]
    private static partial Regex EnglishVowelGroup();

    [GeneratedRegex("[aeiouáéíóúü]+")]
    private static partial Regex SpanishVowelGroup();

    public static double FleschKincaidGrade(string text)
    {
        var (words, sentences) = Count(text);
        var syllables = words.Sum(EnglishSyllables);
        return 0.39 * words.Count / sentences + 11.8 * syllables / words.Count - 15.59;
    }

    public static double FernandezHuerta(string text)
    {
        var (words, sentences) = Count(text);
        var syllablesPer100 = 100.0 * words.Sum(SpanishSyllables) / words.Count;
        var sentencesPer100 = 100.0 * sentences / words.Count;
        return 206.84 - 0.60 * syllablesPer100 - 1.02 * sentencesPer100;
    }

    private static (List<string> Words, int Sentences) Count(string text)
    {
        var words = Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();
        var sentences = Math.Max(1, SentenceEnd().Count(text));
        return (words.Count == 0 ? ["a"] : words, sentences);
    }

    public static int EnglishSyllables(string word)
    {
        var w = word.Trim('\'');
        if (w.Length <= 3)
        {
            return 1;
        }
        // Silent final e ("make"), but not "-le" ("table").
        if (w.EndsWith('e') && !w.EndsWith("le", StringComparison.Ordinal))
        {
            w = w[..^1];
        }
        w = w.EndsWith("es", StringComparison.Ordinal) || w.EndsWith("ed", StringComparison.Ordinal) ? w[..^2] : w;
        return Math.Max(1, EnglishVowelGroup().Count(w));
    }

    public static int SpanishSyllables(string word)
    {
        // Spanish syllables follow vowel nuclei; strong-vowel pairs (ae, eo, …) are two syllables.
        var count = 0;
        foreach (Match m in SpanishVowelGroup().Matches(word))
        {
            var group = m.Value;
            count++;
            for (var i = 1; i < group.Length; i++)
            {
                if (IsStrong(group[i]) && IsStrong(group[i - 1]))
                {
                    count++;
                }
            }
        }
        return Math.Max(1, count);
    }

    private static bool IsStrong(char c) => "aeoáéóíú".Contains(c, StringComparison.Ordinal);
}
