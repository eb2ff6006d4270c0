using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.ReferralMenu;

/// <summary>One mutual-help organization (or recovery residence) as the directory shows it, in English and Spanish.</summary>
public sealed record MutualHelpGroup(
    string Id, string Name, string NameEs, string Kind, string Approach, string Goal, string Population, string Youth,
    IReadOnlyList<string> Formats, IReadOnlyList<string> Substances, string Website, string MeetingFinder, string Phone,
    string FindAMeeting, string FindAMeetingEs, string About, string AboutEs, string Suits, string SuitsEs,
    string YouthNote, string YouthNoteEs, string ClinicianNote, IReadOnlyList<string> Sources)
{
    public bool TwelveStep => Approach == "twelve-step";

    /// <summary>A place to live (Oxford House), listed apart from meetings.</summary>
    public bool Housing => Kind == "recovery-housing";

    /// <summary>Suitable to offer a person under 18: made for young people, or open to them.</summary>
    public bool YouthAppropriate => Youth is "for-young-people" or "open-to-young-people";

    public bool AdultsOnly => Youth == "adults-only";

    public string ApproachLabel => Approach switch
    {
        "twelve-step" => "Twelve-step",
        "secular" => "Secular",
        "buddhist-inspired" => "Buddhist-inspired",
        "spiritual" => "Spiritual",
        "none" => "Recovery housing",
        _ => "Non-12-step",
    };

    public string PopulationLabel => Population switch
    {
        "women" => "women",
        "families" => "family and friends",
        "dual-diagnosis" => "people who also have a mental illness",
        "young-people" => "young people",
        "american-indian-alaska-native" => "American Indian and Alaska Native people",
        _ => "anyone with an alcohol or drug problem",
    };

    public string YouthLabel(bool spanish) => (Youth, spanish) switch
    {
        ("for-young-people", false) => "Made for young people",
        ("for-young-people", true) => "Hecho para jóvenes",
        ("open-to-young-people", false) => "Young people can go",
        ("open-to-young-people", true) => "Los jóvenes pueden ir",
        ("adults-only", false) => "Adults only (18 and over)",
        ("adults-only", true) => "Solo para adultos (18 años o más)",
        (_, false) => "Not made for young people. Ask the group before a young person goes.",
        (_, true) => "No está hecho para jóvenes. Pregunte al grupo antes de que vaya una persona joven.",
    };
}
