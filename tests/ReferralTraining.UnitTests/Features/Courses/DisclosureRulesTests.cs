using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.UnitTests.Features.Courses;

/// <summary>
/// check-content's rules on the people in control of content (issue 22, ACCME Standard 3): each discloses within the
/// 24 months before release, and each relevant relationship names its mitigation. Errors name file and line.
/// </summary>
public sealed class DisclosureRulesTests
{
    private readonly CourseLoader loader = new(new MarkdownRenderer(), new ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizParser(new MarkdownRenderer()));

    private const string File = "content/courses/sample-course/course.md";

    private const string ReviewerDisclosure = "    role: Reviewer\n    disclosure:\n      collected: 2026-10-01\n      none: true\n";

    private const string Mitigation = "          mitigation:\n            step: Content reviewed by a reviewer with no financial relationships\n            by: Test Reviewer\n";

    private static string Edit(string from, string to)
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = Path.Combine(root, "courses", "sample-course", "course.md");
        var text = System.IO.File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        System.IO.File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        return root;
    }

    [Fact]
    public void TheFixture_LoadsItsPeopleWithDisclosuresAndMitigations()
    {
        var result = loader.LoadAll(RepoPaths.FixtureContent);
        Assert.Empty(result.Errors);
        var people = Assert.Single(result.Courses).Faculty;
        Assert.Equal(["Planner", "Reviewer"], people.Select(p => p.Role));
        var relationship = Assert.Single(people[0].Disclosure!.Relationships);
        Assert.Equal(("Fictional Pharma Inc.", true, "Test Reviewer"), (relationship.Company, relationship.Relevant, relationship.Mitigation?.By));
        Assert.True(people[1].Disclosure!.None);
        Assert.Equal(new DateOnly(2026, 10, 1), people[1].Disclosure!.Collected);
        Assert.All(people, p => Assert.False(p.Placeholder));
    }

    [Theory]
    [InlineData(ReviewerDisclosure, "    role: Reviewer\n", 63, "'Test Reviewer' has no 'disclosure'")]
    [InlineData("release_date: 2026-11-01", "release_date: 2028-11-02", 55, "The disclosure of 'Test Planner' was collected on 2026-10-01, more than 24 months before the release date 2028-11-02")]
    [InlineData("release_date: 2026-11-01", "release_date: 2026-09-30", 67, "The disclosure of 'Test Reviewer' was collected on 2026-10-01, after the release date")]
    [InlineData(Mitigation, "", 57, "The relevant relationship of 'Test Planner' with 'Fictional Pharma Inc.' has no 'mitigation'")]
    [InlineData("      none: true\n", "", 67, "The disclosure of 'Test Reviewer' lists no relationships")]
    [InlineData("      none: true\n", "      none: maybe\n", 68, "Field 'none' in the disclosure of 'Test Reviewer' must be true or false.")]
    [InlineData("    role: Reviewer\n", "    role: Editor\n", 65, "Faculty role 'Editor' is not one of: Planner, Author, Reviewer.")]
    [InlineData("          relevant: true\n", "", 57, "Say whether the relationship with 'Fictional Pharma Inc.' is relevant")]
    [InlineData("release_date: 2026-11-01\n", "", 55, "The disclosure of 'Test Planner' cannot be dated against the course: set 'release_date'.")]
    public void DisclosureProblems_AreReportedWithFileAndLine_AndTheCourseIsNotLoaded(string from, string to, int line, string message)
    {
        var result = loader.LoadAll(Edit(from, to));
        Assert.Empty(result.Courses);
        // Removing a line above moves the ones below it up.
        var expected = from.StartsWith("release_date", StringComparison.Ordinal) && to.Length == 0 ? line - 1 : line;
        Assert.True(result.Errors.Any(e => e.File == File && e.Line == expected && e.Message.StartsWith(message, StringComparison.Ordinal)),
            $"expected {File}:{expected}: {message}… but got: {string.Join(" | ", result.Errors)}");
    }

    [Fact]
    public void ACourseOfferingCredit_MustNameItsPeople()
    {
        var root = RepoPaths.CopyFixtureContent();
        var path = Path.Combine(root, "courses", "sample-course", "course.md");
        var text = System.IO.File.ReadAllText(path);
        var start = text.IndexOf("faculty:\n", StringComparison.Ordinal);
        var end = text.IndexOf("---\n", start, StringComparison.Ordinal);
        System.IO.File.WriteAllText(path, text[..start] + text[end..]);

        var result = loader.LoadAll(root);
        Assert.Empty(result.Courses);
        Assert.Contains(result.Errors, e => e.File == File && e.Line == 42 && e.Message.StartsWith("A course that offers credit must list under 'faculty'", StringComparison.Ordinal));
    }

    [Fact]
    public void APlaceholderPerson_LoadsButTellsTheProviderWhatToFillIn()
    {
        var result = loader.LoadAll(Edit("    role: Reviewer\n", "    role: Reviewer\n    placeholder: true\n"));
        var course = Assert.Single(result.Courses);
        var line = Assert.Single(ContentPeople.ProviderMustFillIn(course.Faculty));
        Assert.StartsWith("Reviewer: the entry \"Test Reviewer\" is a placeholder. Name the real reviewer", line, StringComparison.Ordinal);
        Assert.Empty(ContentPeople.ProviderMustFillIn(loader.LoadAll(RepoPaths.FixtureContent).Courses[0].Faculty));
    }

    [Fact]
    public void TheShippedLibrary_HasPlaceholderPeople_WithASampleRelevantRelationshipAndItsMitigation()
    {
        var courses = loader.LoadAll(RepoPaths.Content).Courses;
        Assert.NotEmpty(courses);
        Assert.All(courses, c =>
        {
            Assert.Equal(["Planner", "Author", "Reviewer"], c.Faculty.Select(p => p.Role));
            Assert.All(c.Faculty, p => Assert.True(p.Placeholder && p.Name.Contains("sample data", StringComparison.Ordinal)));
            Assert.Contains(c.Faculty, p => p.Disclosure!.Relevant.Any(r => r.Mitigation is not null));
        });
    }
}
