using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.ReferralMenu;

/// <summary>What the clinician knows about the patient's preferences; null means "no preference".</summary>
public sealed record MenuFilter(string? Person, string? Approach, string? Goal, string? Substance, string? Format)
{
    public static readonly IReadOnlyList<(string Value, string Label)> People =
    [
        ("adult", "An adult with an alcohol or drug problem"), ("woman", "A woman"), ("man", "A man"),
        ("family", "A family member or friend of someone who drinks or uses"), ("dual", "Someone who also has a mental illness"),
        ("young", "A young person (under 18)"), ("native", "An American Indian or Alaska Native person"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> Approaches =
    [
        ("twelve-step", "Follows the Twelve Steps"), ("not-twelve-step", "Does not follow the Twelve Steps"),
        ("secular", "Secular (no spiritual content)"), ("spiritual-or-buddhist", "Spiritual or Buddhist-inspired"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> Goals = [("abstinence", "Stop completely"), ("moderation", "Cut down (moderation)")];

    public static readonly IReadOnlyList<(string Value, string Label)> Substances = [("alcohol", "Alcohol"), ("drugs", "Other drugs")];

    public static readonly IReadOnlyList<(string Value, string Label)> Formats = [("in-person", "In person"), ("online", "Online"), ("phone", "By phone")];

    public bool ForYoungPerson => Person == "young";

    /// <summary>The groups to offer; for a young person, only youth-appropriate ones (made for them first).</summary>
    public IReadOnlyList<MutualHelpGroup> Apply(IEnumerable<MutualHelpGroup> groups) =>
        groups.Where(Matches).OrderBy(g => ForYoungPerson && g.Youth != "for-young-people").ToList();

    /// <summary>For a young person: the groups that fit every other choice but are adults-only or not made for young people.</summary>
    public IReadOnlyList<MutualHelpGroup> NotForYoungPerson(IEnumerable<MutualHelpGroup> groups) =>
        ForYoungPerson ? groups.Where(g => !g.YouthAppropriate && MatchesIgnoringAge(g)).OrderBy(g => !g.AdultsOnly).ToList() : [];

    public bool Matches(MutualHelpGroup g) => MatchesIgnoringAge(g) && (!ForYoungPerson || g.YouthAppropriate);

    private bool MatchesIgnoringAge(MutualHelpGroup g) =>
        PersonMatches(g)
        // Approach and meeting format describe meetings; a recovery residence is neither and is not filtered out by them.
        && (g.Housing || ApproachMatches(g))
        && (Goal is null || g.Goal == Goal || g.Goal == "either")
        && (Substance is null || g.Substances.Contains(Substance) || g.Substances.Contains("any"))
        && (g.Housing || Format is null || g.Formats.Contains(Format));

    private bool PersonMatches(MutualHelpGroup g) => Person switch
    {
        // Relatives need family groups; everyone else needs groups for people with the problem.
        "family" => g.Population == "families",
        "woman" => g.Population is "anyone" or "women",
        "man" or "adult" => g.Population == "anyone",
        "dual" => g.Population is "anyone" or "dual-diagnosis",
        "native" => g.Population is "anyone" or "american-indian-alaska-native",
        // A young person may have a drinking or drug problem, or be hurt by someone else's (Alateen, Narateen);
        // age, not population, decides what is offered (see Matches) and what is listed apart as not for them.
        "young" => true,
        _ => g.Population != "families",
    };

    private bool ApproachMatches(MutualHelpGroup g) => Approach switch
    {
        "twelve-step" => g.TwelveStep,
        "not-twelve-step" => !g.TwelveStep,
        "secular" => g.Approach == "secular",
        "spiritual-or-buddhist" => g.Approach is "spiritual" or "buddhist-inspired",
        _ => true,
    };

    public bool IsValid =>
        Valid(Person, People) && Valid(Approach, Approaches) && Valid(Goal, Goals) && Valid(Substance, Substances) && Valid(Format, Formats);

    private static bool Valid(string? value, IReadOnlyList<(string Value, string Label)> allowed) => value is null || allowed.Any(a => a.Value == value);
}
