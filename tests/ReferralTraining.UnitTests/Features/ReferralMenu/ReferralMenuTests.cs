using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Courses.Content;
using ReferralTraining.Web.Features.ReferralMenu;

namespace ReferralTraining.UnitTests.Features.ReferralMenu;

public sealed class ReferralMenuTests
{
    private static readonly ReferralMenuContent Menu = LoadMenu();

    private static ReferralMenuContent LoadMenu()
    {
        var errors = new List<ContentError>();
        var menu = ReferralMenuLoader.Load(RepoPaths.Content, errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return menu!;
    }

    [Fact]
    public void Directory_HasAtLeastFifteenOrganizations_AcrossApproachesAndPopulations()
    {
        Assert.True(Menu.Groups.Count >= 15);
        Assert.Contains(Menu.Groups, g => g.TwelveStep);
        Assert.Contains(Menu.Groups, g => g.Approach == "secular");
        Assert.Contains(Menu.Groups, g => g.Approach == "buddhist-inspired");
        Assert.Contains(Menu.Groups, g => g.Goal == "moderation");
        foreach (var population in new[] { "women", "families", "dual-diagnosis" })
        {
            Assert.Contains(Menu.Groups, g => g.Population == population);
        }
    }

    [Fact]
    public void WomanWhoDoesNotWantTwelveSteps_GetsWomenForSobriety_AndNoTwelveStepGroup()
    {
        var matches = Menu.Groups.Where(new MenuFilter("woman", "not-twelve-step", null, null, null).Matches).ToList();
        Assert.Contains(matches, g => g.Id == "women-for-sobriety");
        Assert.DoesNotContain(matches, g => g.TwelveStep);
        Assert.DoesNotContain(matches, g => g.Population == "families");
    }

    [Fact]
    public void Filters_SeparateFamiliesMenAndModeration()
    {
        Assert.All(Menu.Groups.Where(new MenuFilter("family", null, null, null, null).Matches), g => Assert.Equal("families", g.Population));
        Assert.DoesNotContain(Menu.Groups.Where(new MenuFilter("man", null, null, null, null).Matches), g => g.Population == "women");
        Assert.All(Menu.Groups.Where(new MenuFilter(null, null, "moderation", null, null).Matches), g => Assert.Contains(g.Goal, new[] { "moderation", "either" }));
        Assert.False(new MenuFilter("martian", null, null, null, null).IsValid);
    }

    [Fact]
    public void PatientText_ReadsAtOrBelowGradeEight_InEnglish()
    {
        var text = string.Join(" ", Menu.Groups.SelectMany(g => new[] { g.About, g.Suits, g.FindAMeeting }));
        var grade = Readability.FleschKincaidGrade(text);
        Assert.True(grade <= 8.0, $"Flesch–Kincaid grade {grade:0.0}");
        Assert.All(Menu.Groups, g =>
        {
            var own = Readability.FleschKincaidGrade($"{g.About} {g.Suits} {g.FindAMeeting}");
            Assert.True(own <= 9.0, $"{g.Id}: grade {own:0.0}");
        });
    }

    [Fact]
    public void PatientText_IsEasyToRead_InSpanish()
    {
        var text = string.Join(" ", Menu.Groups.SelectMany(g => new[] { g.AboutEs, g.SuitsEs, g.FindAMeetingEs }));
        var score = Readability.FernandezHuerta(text);
        Assert.True(score >= 70, $"Fernández-Huerta {score:0.0} (70+ is fairly easy, about grade 7)");
    }

    [Theory]
    [InlineData("The cat sat on the mat.", -5, 3)]
    [InlineData("Notwithstanding considerable methodological heterogeneity, investigators characterized participation comprehensively.", 14, 80)]
    public void FleschKincaid_ScoresSimpleAndHardText(string text, double min, double max) =>
        Assert.InRange(Readability.FleschKincaidGrade(text), min, max);

    [Theory]
    [InlineData("casa", 2)]
    [InlineData("nueva", 2)]
    [InlineData("día", 2)]
    [InlineData("teatro", 3)]
    [InlineData("familia", 3)]
    public void SpanishSyllables_AreCountedFromVowelNuclei(string word, int syllables) =>
        Assert.Equal(syllables, Readability.SpanishSyllables(word));
}
