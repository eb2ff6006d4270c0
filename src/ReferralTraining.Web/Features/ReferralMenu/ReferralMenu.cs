using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.ReferralMenu;

/// <summary>One mutual-help organization as the directory shows it (English and Spanish patient text).</summary>
public sealed record MutualHelpGroup(
    string Id, string Name, string NameEs, string Approach, string Goal, string Population,
    IReadOnlyList<string> Formats, IReadOnlyList<string> Substances, string Website,
    string FindAMeeting, string FindAMeetingEs, string About, string AboutEs, string Suits, string SuitsEs,
    IReadOnlyList<string> Sources)
{
    public bool TwelveStep => Approach == "twelve-step";
}

/// <summary>What the clinician knows about the patient's preferences; null means "no preference".</summary>
public sealed record MenuFilter(string? Person, string? Approach, string? Goal, string? Substance, string? Format)
{
    public static readonly IReadOnlyList<(string Value, string Label)> People =
    [
        ("adult", "An adult with an alcohol or drug problem"), ("woman", "A woman"), ("man", "A man"),
        ("family", "A family member or friend of someone who drinks or uses"), ("dual", "Someone who also has a mental illness"),
        ("young", "A young person"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> Approaches =
    [
        ("twelve-step", "Follows the Twelve Steps"), ("not-twelve-step", "Does not follow the Twelve Steps"),
        ("secular", "Secular (no spiritual content)"), ("spiritual-or-buddhist", "Spiritual or Buddhist-inspired"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> Goals = [("abstinence", "Stop completely"), ("moderation", "Cut down (moderation)")];

    public static readonly IReadOnlyList<(string Value, string Label)> Substances = [("alcohol", "Alcohol"), ("drugs", "Other drugs")];

    public static readonly IReadOnlyList<(string Value, string Label)> Formats = [("in-person", "In person"), ("online", "Online"), ("phone", "By phone")];

    public bool Matches(MutualHelpGroup g) =>
        PersonMatches(g) && ApproachMatches(g)
        && (Goal is null || g.Goal == Goal || g.Goal == "either")
        && (Substance is null || g.Substances.Contains(Substance) || g.Substances.Contains("any"))
        && (Format is null || g.Formats.Contains(Format));

    private bool PersonMatches(MutualHelpGroup g) => Person switch
    {
        // Relatives need family groups; everyone else needs groups for people with the problem.
        "family" => g.Population == "families",
        "woman" => g.Population is "anyone" or "women",
        "man" or "adult" => g.Population == "anyone",
        "dual" => g.Population is "anyone" or "dual-diagnosis",
        "young" => g.Population is "anyone" or "young-people",
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

public sealed record ReferralMenuContent(IReadOnlyList<MutualHelpGroup> Groups, IReadOnlyList<(string Id, string Citation)> References);

/// <summary>Loads and validates content/referral-menu/organizations.yaml.</summary>
public static class ReferralMenuLoader
{
    public const string RelativePath = "referral-menu/organizations.yaml";

    private static readonly string[] ApproachValues = ["twelve-step", "secular", "non-12-step", "spiritual", "buddhist-inspired"];
    private static readonly string[] GoalValues = ["abstinence", "moderation", "either"];
    private static readonly string[] PopulationValues = ["anyone", "women", "families", "dual-diagnosis", "young-people"];
    private static readonly string[] FormatValues = ["in-person", "online", "phone"];
    private static readonly string[] SubstanceValues = ["alcohol", "drugs", "any"];

    private sealed class FileDto
    {
        public List<GroupDto> Organizations { get; set; } = [];
        public List<ReferenceDto> References { get; set; } = [];
    }

    private sealed class ReferenceDto
    {
        public string Id { get; set; } = "";
        public string Citation { get; set; } = "";
    }

    private sealed class GroupDto
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string NameEs { get; set; } = "";
        public string Approach { get; set; } = "";
        public string Goal { get; set; } = "";
        public string Population { get; set; } = "";
        public List<string> Formats { get; set; } = [];
        public List<string> Substances { get; set; } = [];
        public string Website { get; set; } = "";
        public string FindAMeeting { get; set; } = "";
        public string FindAMeetingEs { get; set; } = "";
        public string About { get; set; } = "";
        public string AboutEs { get; set; } = "";
        public string Suits { get; set; } = "";
        public string SuitsEs { get; set; } = "";
        public List<string> Sources { get; set; } = [];
    }

    public static ReferralMenuContent? Load(string contentRoot, List<ContentError> errors)
    {
        var path = Path.Combine(contentRoot, RelativePath);
        var file = "content/" + RelativePath;
        if (!File.Exists(path))
        {
            return null; // optional content: the page says the directory is not available
        }
        FileDto dto;
        try
        {
            // Strict: an unknown or misspelt field is an error, not silently dropped.
            dto = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<FileDto>(File.ReadAllText(path)) ?? new FileDto();
        }
        catch (YamlException ex)
        {
            errors.Add(new ContentError(file, (int)ex.Start.Line, $"Invalid referral menu: {(ex.InnerException ?? ex).Message}"));
            return null;
        }
        var count = errors.Count;
        var referenceIds = dto.References.Select(r => r.Id).ToHashSet();
        var lines = File.ReadAllLines(path);
        int LineOf(string id) => Array.FindIndex(lines, l => l.Trim() == $"- id: {id}") + 1;
        foreach (var g in dto.Organizations)
        {
            void Check(bool ok, string message)
            {
                if (!ok)
                {
                    errors.Add(new ContentError(file, LineOf(g.Id), $"{g.Id}: {message}"));
                }
            }
            Check(!string.IsNullOrWhiteSpace(g.Id) && !string.IsNullOrWhiteSpace(g.Name), "needs an id and a name.");
            Check(ApproachValues.Contains(g.Approach), $"approach must be one of {string.Join(", ", ApproachValues)}.");
            Check(GoalValues.Contains(g.Goal), $"goal must be one of {string.Join(", ", GoalValues)}.");
            Check(PopulationValues.Contains(g.Population), $"population must be one of {string.Join(", ", PopulationValues)}.");
            Check(g.Formats.Count > 0 && g.Formats.All(FormatValues.Contains), $"formats must list some of {string.Join(", ", FormatValues)}.");
            Check(g.Substances.Count > 0 && g.Substances.All(SubstanceValues.Contains), $"substances must list some of {string.Join(", ", SubstanceValues)}.");
            Check(g.Website.Length == 0 || g.Website.StartsWith("https://", StringComparison.Ordinal), "website must be empty or start with https://.");
            Check(new[] { g.About, g.AboutEs, g.Suits, g.SuitsEs, g.FindAMeeting, g.FindAMeetingEs }.All(t => !string.IsNullOrWhiteSpace(t)), "about, suits and find_a_meeting are needed in English and Spanish.");
            Check(g.Sources.Count > 0 && g.Sources.All(referenceIds.Contains), "sources must name references listed at the end of the file.");
        }
        foreach (var duplicate in dto.Organizations.GroupBy(g => g.Id).Where(x => x.Count() > 1))
        {
            errors.Add(new ContentError(file, LineOf(duplicate.Key), $"Duplicate organization id '{duplicate.Key}'."));
        }
        if (errors.Count > count)
        {
            return null;
        }
        return new ReferralMenuContent(
            dto.Organizations.Select(g => new MutualHelpGroup(g.Id, g.Name, string.IsNullOrWhiteSpace(g.NameEs) ? g.Name : g.NameEs, g.Approach, g.Goal, g.Population,
                g.Formats, g.Substances, g.Website, g.FindAMeeting, g.FindAMeetingEs, g.About, g.AboutEs, g.Suits, g.SuitsEs, g.Sources)).ToList(),
            dto.References.Select(r => (r.Id, r.Citation)).ToList());
    }
}
