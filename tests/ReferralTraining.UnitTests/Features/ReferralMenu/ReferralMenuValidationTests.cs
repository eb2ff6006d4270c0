using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.ReferralMenu;

namespace ReferralTraining.UnitTests.Features.ReferralMenu;

/// <summary>check-content's rules for organizations.yaml: each broken field is reported at its own file:line.</summary>
public sealed class ReferralMenuValidationTests
{
    private const string File = "content/referral-menu/organizations.yaml";

    // Line 3 is "- id: test-group"; each field below is on its own line, in this order.
    private static readonly (string Key, string Value)[] ValidFields =
    [
        ("name", "Test Group"), ("kind", "mutual-help"), ("approach", "twelve-step"), ("goal", "abstinence"),
        ("population", "anyone"), ("youth", "open-to-young-people"), ("formats", "[in-person]"), ("substances", "[alcohol]"),
        ("website", "https://example.org"), ("meeting_finder", "https://example.org/meetings"), ("phone", "1-800-555-0100"),
        ("find_a_meeting", "Use the website."), ("find_a_meeting_es", "Use el sitio web."), ("about", "A group."),
        ("about_es", "Un grupo."), ("suits", "People."), ("suits_es", "Personas."), ("sources", "[ref-1]"),
    ];

    private static string Yaml(string? replaceKey = null, string? value = null, bool drop = false, string extra = "")
    {
        var lines = new List<string> { "# test menu", "organizations:", "  - id: test-group" };
        foreach (var (key, v) in ValidFields)
        {
            if (key == replaceKey && drop)
            {
                continue;
            }
            lines.Add($"    {key}: {(key == replaceKey ? value : v)}");
        }
        lines.Add(extra.Length > 0 ? extra : "    # end");
        lines.Add("references:");
        lines.Add("  - id: ref-1");
        lines.Add("    citation: \"A citation.\"");
        return string.Join("\n", lines) + "\n";
    }

    private static int LineOf(string key) => 4 + Array.FindIndex(ValidFields, f => f.Key == key);

    private static List<ContentError> Errors(string yaml)
    {
        var errors = new List<ContentError>();
        var menu = ReferralMenuLoader.Parse(yaml, File, errors);
        Assert.True(menu is null == errors.Count > 0, "a menu is returned exactly when there are no errors");
        return errors;
    }

    [Fact]
    public void ValidEntry_HasNoErrors_AndKeepsEveryContact()
    {
        var errors = new List<ContentError>();
        var menu = ReferralMenuLoader.Parse(Yaml(), File, errors);
        Assert.Empty(errors);
        var g = Assert.Single(menu!.Groups);
        Assert.Equal(("https://example.org", "https://example.org/meetings", "1-800-555-0100"), (g.Website, g.MeetingFinder, g.Phone));
    }

    [Theory]
    [InlineData("website", "http://example.org", "website must be an absolute https://")]
    [InlineData("website", "www.example.org", "website must be an absolute https://")]
    [InlineData("website", "/meetings", "website must be an absolute https://")]
    [InlineData("website", "https://localhost", "website must be an absolute https://")]
    [InlineData("meeting_finder", "ftp://example.org/list", "meeting_finder must be an absolute https://")]
    [InlineData("kind", "meeting", "kind is missing or unknown")]
    [InlineData("population", "teens", "population is missing or unknown")]
    [InlineData("youth", "yes", "youth is missing or unknown")]
    [InlineData("phone", "800 555 0100", "phone must be written 1-NNN-NNN-NNNN")]
    [InlineData("approach", "none", "approach: none is only for kind: recovery-housing")]
    [InlineData("sources", "[no-such-ref]", "sources must name references")]
    public void BrokenField_IsReportedAtItsOwnLine(string key, string value, string message)
    {
        var error = Assert.Single(Errors(Yaml(key, value)));
        Assert.Equal((File, LineOf(key)), (error.File, error.Line));
        Assert.StartsWith("test-group: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal($"{File}:{LineOf(key)}: {error.Message}", error.ToString());
    }

    [Theory]
    [InlineData("population", "population is missing or unknown")]
    [InlineData("youth", "youth is missing or unknown")]
    [InlineData("kind", "kind is missing or unknown")]
    public void MissingRequiredField_IsReportedAtTheOrganizationsLine(string key, string message)
    {
        var error = Assert.Single(Errors(Yaml(key, drop: true)));
        Assert.Equal(3, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecoveryHousing_MustNotClaimAMeetingApproach()
    {
        var errors = Errors(Yaml("kind", "recovery-housing"));
        var error = Assert.Single(errors);
        Assert.Equal(LineOf("approach"), error.Line);
        Assert.Contains("recovery residence has approach: none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YouthNote_NeedsItsSpanishTwin()
    {
        var error = Assert.Single(Errors(Yaml(extra: "    youth_note: \"Go with a friend.\"")));
        Assert.Equal(LineOf("sources") + 1, error.Line);
        Assert.Contains("youth_note_es", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownField_IsNamed_WithoutDotNetTypeNames()
    {
        var error = Assert.Single(Errors(Yaml(extra: "    colour: blue")));
        Assert.Equal(LineOf("sources") + 1, error.Line);
        Assert.Contains("unknown field 'colour'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ReferralTraining", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Dto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateId_IsReportedAtTheSecondEntry()
    {
        var yaml = Yaml();
        var entry = yaml[yaml.IndexOf("  - id: test-group", StringComparison.Ordinal)..yaml.IndexOf("    # end", StringComparison.Ordinal)];
        var doubled = yaml.Replace("    # end\n", "    # end\n" + entry, StringComparison.Ordinal);
        var error = Assert.Single(Errors(doubled));
        Assert.Equal(4 + ValidFields.Length + 1, error.Line);
        Assert.Contains("Duplicate organization id 'test-group'", error.Message, StringComparison.Ordinal);
    }
}
