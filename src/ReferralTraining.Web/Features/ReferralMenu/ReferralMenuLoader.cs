using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.ReferralMenu;

/// <summary>Loads and validates content/referral-menu/organizations.yaml; every problem is reported with file:line.</summary>
public static partial class ReferralMenuLoader
{
    public const string RelativePath = "referral-menu/organizations.yaml";

    public static readonly string[] KindValues = ["mutual-help", "recovery-housing"];
    public static readonly string[] ApproachValues = ["twelve-step", "secular", "non-12-step", "spiritual", "buddhist-inspired", "none"];
    public static readonly string[] GoalValues = ["abstinence", "moderation", "either"];
    public static readonly string[] PopulationValues = ["anyone", "women", "families", "dual-diagnosis", "young-people", "american-indian-alaska-native"];
    public static readonly string[] YouthValues = ["for-young-people", "open-to-young-people", "ask-first", "adults-only"];
    public static readonly string[] FormatValues = ["in-person", "online", "phone"];
    public static readonly string[] SubstanceValues = ["alcohol", "drugs", "any"];

    // US numbers as printed for patients: 1-800-555-0100.
    [GeneratedRegex(@"^1-\d{3}-\d{3}-\d{4}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"Property '(?<name>[^']*)' not found on type '[^']*'")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@" on type '[^']*'| to type '[^']*'|\(Type: [^)]*\)")]
    private static partial Regex TypeName();

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
        public string Kind { get; set; } = "";
        public string Approach { get; set; } = "";
        public string Goal { get; set; } = "";
        public string Population { get; set; } = "";
        public string Youth { get; set; } = "";
        public string YouthNote { get; set; } = "";
        public string YouthNoteEs { get; set; } = "";
        public List<string> Formats { get; set; } = [];
        public List<string> Substances { get; set; } = [];
        public string Website { get; set; } = "";
        public string MeetingFinder { get; set; } = "";
        public string Phone { get; set; } = "";
        public string FindAMeeting { get; set; } = "";
        public string FindAMeetingEs { get; set; } = "";
        public string About { get; set; } = "";
        public string AboutEs { get; set; } = "";
        public string Suits { get; set; } = "";
        public string SuitsEs { get; set; } = "";
        public string ClinicianNote { get; set; } = "";
        public List<string> Sources { get; set; } = [];
    }

    public static ReferralMenuContent? Load(string contentRoot, List<ContentError> errors)
    {
        var path = Path.Combine(contentRoot, RelativePath);
        if (!File.Exists(path))
        {
            return null; // optional content: the page says the directory is not available
        }
        var file = "content/" + RelativePath;
        // Strict UTF-8: invalid bytes are an error with file, line and byte (ContentText), never silently replaced.
        var text = ContentText.Read(path, file, errors);
        return text is null ? null : Parse(text, file, errors);
    }

    /// <summary>Validates the YAML text; null (and errors) when anything is wrong, so a half-valid menu is never shown.</summary>
    public static ReferralMenuContent? Parse(string text, string file, List<ContentError> errors)
    {
        FileDto dto;
        List<FieldLines> lines;
        try
        {
            // Strict: an unknown or misspelt field is an error, not silently dropped.
            dto = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<FileDto>(text) ?? new FileDto();
            lines = FieldLines.Read(text);
        }
        catch (YamlException ex)
        {
            errors.Add(new ContentError(file, (int)ex.Start.Line, $"Invalid referral menu: {Describe(ex)}"));
            return null;
        }
        var count = errors.Count;
        PersonFirstLanguage.Check(text, file, errors, ProseOnly());
        var referenceIds = dto.References.Select(r => r.Id).ToHashSet();
        for (var i = 0; i < dto.Organizations.Count; i++)
        {
            var g = dto.Organizations[i];
            var at = i < lines.Count ? lines[i] : new FieldLines(1, []);
            void Check(bool ok, string field, string message)
            {
                if (!ok)
                {
                    errors.Add(new ContentError(file, at.Line(field), $"{(g.Id.Length > 0 ? g.Id : "organization")}: {message}"));
                }
            }
            Check(!string.IsNullOrWhiteSpace(g.Id) && !string.IsNullOrWhiteSpace(g.Name), "name", "needs an id and a name.");
            Check(KindValues.Contains(g.Kind), "kind", $"kind is missing or unknown: it must be one of {string.Join(", ", KindValues)}.");
            Check(ApproachValues.Contains(g.Approach), "approach", $"approach must be one of {string.Join(", ", ApproachValues)}.");
            Check(g.Kind != "recovery-housing" || g.Approach == "none", "approach", "a recovery residence has approach: none (it is a place to live, not a meeting).");
            Check(g.Kind != "mutual-help" || g.Approach != "none", "approach", "approach: none is only for kind: recovery-housing.");
            Check(GoalValues.Contains(g.Goal), "goal", $"goal must be one of {string.Join(", ", GoalValues)}.");
            Check(PopulationValues.Contains(g.Population), "population", $"population is missing or unknown: it must be one of {string.Join(", ", PopulationValues)}.");
            Check(YouthValues.Contains(g.Youth), "youth", $"youth is missing or unknown: it must be one of {string.Join(", ", YouthValues)} (say plainly whether a young person can go).");
            Check(string.IsNullOrWhiteSpace(g.YouthNote) == string.IsNullOrWhiteSpace(g.YouthNoteEs), "youth_note", "youth_note needs its Spanish twin youth_note_es (or neither).");
            Check(g.Formats.Count > 0 && g.Formats.All(FormatValues.Contains), "formats", $"formats must list some of {string.Join(", ", FormatValues)}.");
            Check(g.Substances.Count > 0 && g.Substances.All(SubstanceValues.Contains), "substances", $"substances must list some of {string.Join(", ", SubstanceValues)}.");
            Check(g.Website.Length == 0 || IsHttpsUrl(g.Website), "website", "website must be an absolute https:// address (or empty when no official site is confirmed).");
            Check(g.MeetingFinder.Length == 0 || IsHttpsUrl(g.MeetingFinder), "meeting_finder", "meeting_finder must be an absolute https:// address (or left out).");
            Check(g.MeetingFinder.Length == 0 || g.Website.Length > 0, "meeting_finder", "meeting_finder needs the organization's website too.");
            Check(g.Phone.Length == 0 || PhonePattern().IsMatch(g.Phone), "phone", "phone must be written 1-NNN-NNN-NNNN (or left out).");
            Check(new[] { g.About, g.AboutEs, g.Suits, g.SuitsEs, g.FindAMeeting, g.FindAMeetingEs }.All(t => !string.IsNullOrWhiteSpace(t)), "about", "about, suits and find_a_meeting are needed in English and Spanish.");
            Check(g.Sources.Count > 0 && g.Sources.All(referenceIds.Contains), "sources", "sources must name references listed at the end of the file.");
        }
        foreach (var duplicate in dto.Organizations.Select((g, i) => (g.Id, i)).GroupBy(x => x.Id).Where(x => x.Count() > 1))
        {
            var second = duplicate.ElementAt(1).i;
            errors.Add(new ContentError(file, second < lines.Count ? lines[second].Start : 1, $"Duplicate organization id '{duplicate.Key}'."));
        }
        if (errors.Count > count)
        {
            return null;
        }
        return new ReferralMenuContent(
            dto.Organizations.Select(g => new MutualHelpGroup(g.Id, g.Name, string.IsNullOrWhiteSpace(g.NameEs) ? g.Name : g.NameEs, g.Kind, g.Approach, g.Goal,
                g.Population, g.Youth, g.Formats, g.Substances, g.Website, g.MeetingFinder, g.Phone, g.FindAMeeting, g.FindAMeetingEs,
                g.About, g.AboutEs, g.Suits, g.SuitsEs, g.YouthNote, g.YouthNoteEs, g.ClinicianNote, g.Sources)).ToList(),
            dto.References.Select(r => (r.Id, r.Citation)).ToList());
    }

    /// <summary>An absolute https address with a host: what a patient can type or tap.</summary>
    public static bool IsHttpsUrl(string value) =>
        !value.Any(char.IsWhiteSpace)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && uri.Host.Contains('.', StringComparison.Ordinal)
        && string.IsNullOrEmpty(uri.UserInfo);

    // The parser's messages name .NET types; an author needs the field name only.
    private static string Describe(YamlException ex)
    {
        var message = (ex.InnerException ?? ex).Message;
        var unknown = UnknownProperty().Match(message);
        return unknown.Success ? $"unknown field '{unknown.Groups["name"].Value}'." : TypeName().Replace(message, "");
    }

    /// <summary>Where each organization and each of its fields starts (1-based lines), for errors that point at the field.</summary>
    private sealed record FieldLines(int Start, Dictionary<string, int> Fields)
    {
        public int Line(string field) => Fields.TryGetValue(field, out var line) ? line : Start;

        public static List<FieldLines> Read(string text)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue(new YamlScalarNode("organizations"), out var list) || list is not YamlSequenceNode organizations)
            {
                return [];
            }
            return organizations.Children.Select(node => new FieldLines(
                (int)node.Start.Line,
                node is YamlMappingNode map
                    ? map.Children.Where(c => c.Key is YamlScalarNode).GroupBy(c => ((YamlScalarNode)c.Key).Value ?? "")
                        .ToDictionary(x => x.Key, x => (int)x.First().Key.Start.Line)
                    : [])).ToList();
        }
    }

    /// <summary>Person-first check on the menu's prose: not ids, addresses, source ids, comments or the references (titles as published).</summary>
    public static Func<string, string?> ProseOnly()
    {
        var inReferences = false;
        var proseField = false;
        string[] notProse = ["id", "kind", "website", "meeting_finder", "phone", "sources", "approach", "goal", "population", "youth", "formats", "substances"];
        return line =>
        {
            if (line.TrimStart().StartsWith('#'))
            {
                return null;
            }
            var field = System.Text.RegularExpressions.Regex.Match(line, @"^(\s*)(?:-\s+)?([a-z_]+):\s?(.*)$");
            if (field.Success)
            {
                if (field.Groups[1].Length == 0)
                {
                    inReferences = field.Groups[2].Value == "references";
                }
                proseField = !notProse.Contains(field.Groups[2].Value);
                line = field.Groups[3].Value;
                // The YAML quotes around a value are syntax, not a quotation.
                if (line.StartsWith('"'))
                {
                    line = line[1..];
                }
            }
            if (inReferences || !proseField)
            {
                return null;
            }
            var quotes = line.Count(c => c == '"') - line.Split("\\\"").Length + 1;
            return line.EndsWith('"') && quotes % 2 == 1 ? line[..^1] : line;
        };
    }
}
