using ReferralTraining.Web.Infrastructure.Content;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.UnitTests.Features.Scenarios;

/// <summary>
/// The scenario and checklist rules of check-content, one broken copy of the fixture per rule: each must fail
/// with the file and the line an author has to fix.
/// </summary>
public sealed class ScenarioValidationTests
{
    private const string ScenarioFile = "content/courses/sample-course/scenarios/fixture-first-meeting.md";
    private const string ChecklistFile = "content/checklists/fixture-steps.yaml";

    private static readonly MarkdownRenderer Renderer = new();

    private static ContentLoadResult Load(string root) => new CourseLoader(Renderer, new QuizParser(Renderer)).LoadAll(root);

    private static string ScenarioPath(string root) => Path.Combine(root, "courses", "sample-course", "scenarios", "fixture-first-meeting.md");

    private static string ChecklistPath(string root) => Path.Combine(root, "checklists", "fixture-steps.yaml");

    /// <summary>Replaces the whole of 1-based line <paramref name="line"/> (asserting what it held) and returns the content root.</summary>
    private static string WithLine(int line, string expectedStart, string replacement, string? append = null)
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = ScenarioPath(root);
        var lines = File.ReadAllText(path).Split('\n').ToList();
        Assert.StartsWith(expectedStart, lines[line - 1].TrimStart(), StringComparison.Ordinal);
        lines[line - 1] = replacement;
        File.WriteAllText(path, string.Join('\n', lines) + (append ?? ""));
        return root;
    }

    private static void AssertError(string root, string file, int line, string message)
    {
        var result = Load(root);
        Assert.Contains(result.Errors, e => e.File == file && e.Line == line && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Courses, c => c.Id == "sample-course");
    }

    [Fact]
    public void Fixture_LoadsWithNodesChoicesAndResolvedItems()
    {
        var result = Load(RepoPaths.FixtureContent);
        Assert.Empty(result.Errors);
        var scenario = Assert.Single(Assert.Single(result.Courses).Scenarios);
        Assert.Equal(("fixture-first-meeting", "start", "Sam"), (scenario.Id, scenario.StartNodeId, scenario.PatientName));
        Assert.Equal(["start", "pushback", "contact", "linked", "list-only", "walked-out"], scenario.Nodes.Select(n => n.Id));
        Assert.Equal([false, false, false, true, true, true], scenario.Nodes.Select(n => n.IsEnd));
        var tell = scenario.Node("start")!.Choices[1];
        Assert.Equal((2, 24, "pushback"), (tell.Number, tell.Line, tell.Next));
        Assert.Equal(["fixture-steps.no-confronting", "fixture-steps.ask-experience"], tell.Misses);
        Assert.Contains("(<a href=\"#ref-test-2021\">Test, 2021</a>)", tell.FeedbackHtml, StringComparison.Ordinal);
        var confronting = scenario.Assesses.Single(a => a.ItemId == "no-confronting");
        Assert.Equal((ChecklistItemKind.Inconsistent, "Fixture method (Test, 2021)"), (confronting.Kind, confronting.Method));
        Assert.Contains("Arguing invites", confronting.TeachingHtml, StringComparison.Ordinal);
        Assert.Equal(["smith-2020", "test-2021"], scenario.References.Select(r => r.Id).Order());
    }

    [Fact]
    public void UnreachableNode_IsAnErrorAtItsHeading()
    {
        var root = WithLine(1, "---", "---", "\n## Node: orphan\nNobody gets here.\n\n- Choice: Say one thing that is about this long.\n  Meets: fixture-steps.ask-experience\n  Feedback: Fine.\n  Next: linked\n- Choice: Say another thing about this long too.\n  Misses: fixture-steps.ask-experience\n  Feedback: Fine.\n  Next: linked\n");
        AssertError(root, ScenarioFile, 63, "Node 'orphan' is unreachable");
    }

    [Fact]
    public void NodeWithoutChoices_IsADeadEnd()
    {
        var root = WithLine(23, "Next: contact", "  Next: stuck", "\n## Node: stuck\nSam waits for you to say something.\n");
        AssertError(root, ScenarioFile, 63, "Node 'stuck' has no choices: a dead end");
    }

    [Fact]
    public void LoopWithoutExit_NamesTheNodesOfTheLoop()
    {
        var root = WithLine(40, "Next: walked-out", "  Next: echo",
            "\n## Node: echo\nSam repeats himself.\n\n- Choice: Ask him to say more about the meeting he went to.\n  Meets: fixture-steps.ask-experience\n  Feedback: Fine.\n  Next: pushback\n- Choice: Tell him again that meetings are what he needs.\n  Misses: fixture-steps.no-confronting\n  Feedback: Fine.\n  Next: echo\n");
        File.WriteAllText(ScenarioPath(root), File.ReadAllText(ScenarioPath(root)).Replace("  Feedback: Coming back to his experience repairs the conversation.\n  Next: contact", "  Feedback: Coming back to his experience repairs the conversation.\n  Next: echo", StringComparison.Ordinal));
        AssertError(root, ScenarioFile, 30, "Node 'pushback' can never reach an End: a loop without exit through 'pushback', 'echo'");
        AssertError(root, ScenarioFile, 63, "Node 'echo' can never reach an End: a loop without exit");
    }

    [Fact]
    public void UntaggedChoice_IsAnErrorAtTheChoice()
    {
        var root = WithLine(25, "Misses:", "");
        AssertError(root, ScenarioFile, 24, "Untagged choice");
    }

    [Fact]
    public void UnknownTag_IsAnErrorAtItsLine()
    {
        var root = WithLine(34, "Meets:", "  Meets: fixture-steps.ask-experiences");
        AssertError(root, ScenarioFile, 34, "Tag 'fixture-steps.ask-experiences' is not listed in 'assesses'");
    }

    [Fact]
    public void UnknownChecklist_IsAnErrorInTheFrontMatter()
    {
        var root = WithLine(6, "checklists:", "checklists: [fixture-steps, motivational-nope]");
        AssertError(root, ScenarioFile, 6, "Unknown checklist 'motivational-nope'");
    }

    [Fact]
    public void AssessedItemMissingFromChecklist_IsAnError()
    {
        var root = WithLine(9, "- fixture-steps.offer-contact", "  - fixture-steps.offer-contacts");
        AssertError(root, ScenarioFile, 9, "Checklist 'fixture-steps' has no item 'offer-contacts'");
    }

    [Fact]
    public void AssessedChecklistNotNamed_IsAnError()
    {
        var root = WithLine(9, "- fixture-steps.offer-contact", "  - other-list.offer-contact");
        AssertError(root, ScenarioFile, 9, "names checklist 'other-list', which is not in this scenario's 'checklists'");
    }

    [Fact]
    public void UnknownNext_IsAnErrorAtTheNextLine()
    {
        var root = WithLine(48, "Next: linked", "  Next: linkd");
        AssertError(root, ScenarioFile, 48, "Next 'linkd' is not a Node or End in this file.");
        AssertError(root, ScenarioFile, 54, "End 'linked' is unreachable");
    }

    [Fact]
    public void ChoicesOfVeryDifferentLength_CueTheAnswer()
    {
        var root = WithLine(45, "- Choice: Offer", "- Choice: Offer to call a member now who can meet Sam before a meeting, sit with him, and check in with him afterward about how it went.");
        AssertError(root, ScenarioFile, 42, "Choices at 'contact' cue the answer by length");
    }

    [Fact]
    public void MarkupDoesNotCountTowardLength()
    {
        // 50 visible characters beside 64: a link's address is not something a reader sees (raw, it is over 1.6x).
        var root = WithLine(45, "- Choice: Offer", "- Choice: Offer to call a member now who can [meet Sam](https://example.org/a/long/path/that/pads/the/raw/length/past/the/limit) first.");
        Assert.Empty(Load(root).Errors);
    }

    [Fact]
    public void NoneOfTheAbove_IsNotAChoice()
    {
        var root = WithLine(49, "- Choice: Give", "- Choice: None of the above: I would do something else entirely here.");
        AssertError(root, ScenarioFile, 49, "all/none of the above");
    }

    [Fact]
    public void AssessedItemNeverMet_IsAnErrorAtTheAssessesLine()
    {
        var root = WithLine(46, "Meets:", "  Misses: fixture-steps.offer-contact");
        AssertError(root, ScenarioFile, 9, "Assessed item 'fixture-steps.offer-contact' is never met");
    }

    [Fact]
    public void AnItemMetOnlyAtAnUnreachableNodeIsNeverMet()
    {
        var root = WithLine(23, "Next: contact", "  Next: list-only");
        File.WriteAllText(ScenarioPath(root), File.ReadAllText(ScenarioPath(root)).Replace("  Next: contact", "  Next: list-only", StringComparison.Ordinal));
        AssertError(root, ScenarioFile, 42, "Node 'contact' is unreachable");
        AssertError(root, ScenarioFile, 9, "Assessed item 'fixture-steps.offer-contact' is never met");
    }

    [Fact]
    public void MissingFeedbackAndNext_AreErrorsAtTheChoice()
    {
        var root = WithLine(51, "Feedback:", "");
        AssertError(root, ScenarioFile, 49, "Choice has no 'Feedback:'");
        var noNext = WithLine(52, "Next:", "");
        AssertError(noNext, ScenarioFile, 49, "Choice has no 'Next:'");
    }

    [Fact]
    public void OneChoice_OrAChoiceAtAnEnd_AreErrors()
    {
        var one = RepoPaths.CopyFixtureContent();
        var text = File.ReadAllText(ScenarioPath(one));
        File.WriteAllText(ScenarioPath(one), text.Replace("- Choice: Give Sam a printed meeting list and wish him good luck this week.\n  Misses: fixture-steps.offer-contact\n  Feedback: A list alone leaves Sam to walk into a room of strangers again.\n  Next: list-only\n", "", StringComparison.Ordinal));
        AssertError(one, ScenarioFile, 42, "Node 'contact' has 1 choice(s); a node needs 2 to 4.");

        var end = WithLine(55, "Sam agrees", "Sam agrees.\n\n- Choice: Say goodbye to Sam and close the session.\n  Meets: fixture-steps.ask-experience\n  Feedback: Fine.\n  Next: linked");
        AssertError(end, ScenarioFile, 57, "End 'linked' has choices");
    }

    [Fact]
    public void MisspelledField_IsNotSwallowedIntoTheFeedback()
    {
        var root = WithLine(34, "Meets:", "  Meet: fixture-steps.ask-experience");
        AssertError(root, ScenarioFile, 34, "Unknown field 'Meet:' in a choice");
    }

    [Fact]
    public void DuplicateBlockIds_AreErrors()
    {
        var root = WithLine(57, "## End: list-only", "## End: linked");
        AssertError(root, ScenarioFile, 57, "Duplicate id 'linked'");
    }

    [Fact]
    public void UnknownCitation_IsAnErrorAtItsLine()
    {
        var root = WithLine(27, "[@test-2021].", "    [@ghost-1999].");
        AssertError(root, ScenarioFile, 27, "Citation [@ghost-1999] does not match any reference id");
    }

    [Fact]
    public void PersonFirstLanguage_IsCheckedInScenarios()
    {
        var root = WithLine(18, "Sam says", "Sam says the addicts at that meeting scared him.");
        AssertError(root, ScenarioFile, 18, "Person-first language: \"addicts\"");
    }

    [Fact]
    public void IdMustMatchFileName()
    {
        var root = WithLine(2, "id:", "id: fixture-other");
        AssertError(root, ScenarioFile, 2, "must equal the file name without .md ('fixture-first-meeting')");
    }

    [Fact]
    public void ScenarioIds_AreUniqueAcrossAllContent()
    {
        var root = RepoPaths.CopyFixtureContent();
        var copy = Path.Combine(root, "courses", "sample-copy");
        Directory.CreateDirectory(Path.Combine(copy, "scenarios"));
        foreach (var file in Directory.GetFiles(Path.Combine(root, "courses", "sample-course"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Path.Combine(root, "courses", "sample-course"), file));
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(copy, "course.md"), File.ReadAllText(Path.Combine(copy, "course.md")).Replace("id: sample-course", "id: sample-copy", StringComparison.Ordinal));
        var result = Load(root);
        Assert.Contains(result.Errors, e => e.File == ScenarioFile && e.Message.StartsWith("Duplicate scenario id 'fixture-first-meeting': also used by content/courses/sample-copy/", StringComparison.Ordinal));
        Assert.Empty(result.Courses);
    }

    [Fact]
    public void ChecklistErrors_NameTheChecklistFileAndLine()
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = ChecklistPath(root);
        File.WriteAllText(path, File.ReadAllText(path).Replace("kind: inconsistent", "kind: forbidden", StringComparison.Ordinal).Replace("id: fixture-steps", "id: fixture-step", StringComparison.Ordinal));
        var result = Load(root);
        Assert.Contains(result.Errors, e => e.File == ChecklistFile && e.Line == 1 && e.Message.Contains("must equal the file name", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.File == ChecklistFile && e.Line == 18 && e.Message.Contains("'kind' in items must be consistent or inconsistent", StringComparison.Ordinal));
        // The scenario that names it cannot be scored against a broken list.
        Assert.Contains(result.Errors, e => e.File == ScenarioFile && e.Line == 6 && e.Message.Contains("Unknown checklist 'fixture-steps'", StringComparison.Ordinal));
    }

    [Fact]
    public void ChecklistTeaching_CitesOnlyItsOwnReferences()
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = ChecklistPath(root);
        File.WriteAllText(path, File.ReadAllText(path).Replace("makes the first meeting easier [@test-2021]", "makes the first meeting easier [@smith-2020]", StringComparison.Ordinal));
        var result = Load(root);
        Assert.Contains(result.Errors, e => e.File == ChecklistFile && e.Line == 16 && e.Message.Contains("Citation [@smith-2020] does not match any reference id in this checklist's references", StringComparison.Ordinal));
    }

    [Fact]
    public void EditingAChecklist_ChangesTheHashOfCoursesThatUseIt()
    {
        var original = Load(RepoPaths.FixtureContent).Courses[0].ContentHash;
        var root = RepoPaths.CopyFixtureContent();
        File.WriteAllText(ChecklistPath(root), File.ReadAllText(ChecklistPath(root)).Replace("shows what the patient expects", "shows what the patient hopes for", StringComparison.Ordinal));
        Assert.NotEqual(original, Load(root).Courses[0].ContentHash);
    }

    [Fact]
    public void CourseRequirement_MustNameScenariosOfTheCourse()
    {
        var root = RepoPaths.CopyFixtureContent();
        var course = Path.Combine(root, "courses", "sample-course", "course.md");
        File.WriteAllText(course, File.ReadAllText(course).Replace("follow_up_days: [30, 90]", "follow_up_days: [30, 90]\nscenarios:\n  required: [fixture-first-meeting, not-here]\n  min_fidelity: 75", StringComparison.Ordinal));
        var result = Load(root);
        Assert.Contains(result.Errors, e => e.File == "content/courses/sample-course/course.md" && e.Line == 43 && e.Message.Contains("Required scenario 'not-here' is not a valid scenario", StringComparison.Ordinal));

        File.WriteAllText(course, File.ReadAllText(course).Replace(", not-here]", "]", StringComparison.Ordinal));
        var valid = Assert.Single(Load(root).Courses);
        Assert.Equal(["fixture-first-meeting"], valid.ScenarioRequirement!.Required);
        Assert.Equal(75, valid.ScenarioRequirement.MinFidelity);
    }

    [Fact]
    public void CheckContent_PrintsFileAndLine_AndFails()
    {
        var root = WithLine(25, "Misses:", "");
        var output = new StringWriter();
        Assert.Equal(1, ContentCheckCommand.Run([root], output));
        Assert.Contains($"{ScenarioFile}:24: Untagged choice", output.ToString(), StringComparison.Ordinal);
    }
}
