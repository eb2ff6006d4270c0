using System.Text.RegularExpressions;

namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// Person-first language check (docs/authoring.md, "Person-first language"): labels that reduce a person to a
/// substance problem are errors in modules, quizzes and the referral menu, except inside quotation marks, in a
/// Markdown block quote, or inside an official name listed here (organizations, agencies, journals).
/// Line-based on purpose: each finding points at its file and line.
/// </summary>
public static partial class PersonFirstLanguage
{
    /// <summary>The documented term list: what is flagged, and what to write instead.</summary>
    public static readonly IReadOnlyList<(Regex Pattern, string Instead)> Terms =
    [
        (new Regex(@"\baddicts?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "a person with a substance use disorder, people with addiction"),
        (new Regex(@"\baddicted (individuals|people|persons|patients|clients|adults|youth|adolescents|men|women|parents|mothers|fathers)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "people with a substance use disorder"),
        (new Regex(@"\b(substance|drug|alcohol|chemical) abuse\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "substance use, a substance use disorder"),
        (new Regex(@"\babusers?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "a person who uses drugs, a person with a substance use disorder"),
        (new Regex(@"\bclean\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "in recovery, abstinent, not using (a test: negative)"),
        (new Regex(@"\bdirty\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "using, still using (a test: positive)"),
        (new Regex(@"\balcoholics\b|\ban alcoholic\b(?![ -]\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "a person with an alcohol use disorder"),
        (new Regex(@"\b(junkies|junkie|druggies|druggie|drunks)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "a person who uses drugs or alcohol"),
        (new Regex(@"\badict[oa]s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "una persona con un trastorno por consumo de sustancias"),
        (new Regex(@"\babuso de (sustancias|drogas|alcohol)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "consumo de sustancias, un trastorno por consumo"),
        (new Regex(@"\balcohólic[oa]s\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), "personas con un trastorno por consumo de alcohol"),
    ];

    /// <summary>Official names that contain a listed term; they are used as the organization or publisher spells them.</summary>
    public static readonly IReadOnlyList<string> OfficialNames =
    [
        "Alcoholics Anonymous",
        "Adult Children of Alcoholics",
        "Alcohólicos Anónimos",
        "Journal of Substance Abuse",
        "Substance Abuse and Mental Health Services Administration",
        "Center for Substance Abuse Treatment",
        "National Institute on Drug Abuse",
        "National Institute on Alcohol Abuse and Alcoholism",
        "American Journal of Drug and Alcohol Abuse",
        "Am J Drug Alcohol Abuse",
    ];

    private static readonly Regex[] OfficialNameRegexes = OfficialNames
        .Select(n => new Regex(string.Join(@"\s+", n.Split(' ').Select(Regex.Escape)), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
        .ToArray();

    [GeneratedRegex("\"[^\"\\n]*\"|“[^”\\n]*”|https?://\\S+")]
    private static partial Regex Exempt();

    /// <summary>
    /// Checks every line of <paramref name="text"/> (the whole file, so line numbers are the file's).
    /// <paramref name="prepare"/> may reduce a line to the prose it holds (null: skip the line).
    /// </summary>
    public static void Check(string text, string file, List<ContentError> errors, Func<string, string?>? prepare = null)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = prepare is null ? lines[i] : prepare(lines[i]);
            if (line is null || line.TrimStart().StartsWith('>'))
            {
                continue; // a block quote is a quotation
            }
            // An official name may wrap onto the next line ("Adult Children of\nAlcoholics"): its neighbours are context.
            var before = i > 0 ? (prepare is null ? lines[i - 1] : prepare(lines[i - 1]) ?? "") : "";
            var after = i + 1 < lines.Length ? (prepare is null ? lines[i + 1] : prepare(lines[i + 1]) ?? "") : "";
            foreach (var finding in Findings(line, before, after))
            {
                errors.Add(new ContentError(file, i + 1,
                    $"Person-first language: \"{finding.Text}\"; write e.g. {finding.Instead}. A quotation goes in quotation marks (see docs/authoring.md)."));
            }
        }
    }

    public static IEnumerable<(string Text, string Instead)> Findings(string line, string before = "", string after = "")
    {
        var exempt = new List<(int Start, int End)>();
        foreach (Match m in Exempt().Matches(line))
        {
            exempt.Add((m.Index, m.Index + m.Length));
        }
        var context = before + "\n" + line + "\n" + after;
        var offset = before.Length + 1;
        foreach (var name in OfficialNameRegexes)
        {
            foreach (Match m in name.Matches(context))
            {
                exempt.Add((m.Index - offset, m.Index + m.Length - offset));
            }
        }
        foreach (var (pattern, instead) in Terms)
        {
            foreach (Match m in pattern.Matches(line))
            {
                if (!exempt.Any(e => m.Index >= e.Start && m.Index + m.Length <= e.End))
                {
                    yield return (m.Value, instead);
                }
            }
        }
    }
}
