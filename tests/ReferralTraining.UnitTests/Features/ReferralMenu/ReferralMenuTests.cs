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
        var text = string.Join(" ", Menu.Groups.SelectMany(g => new[] { g.About, g.Suits, g.FindAMeeting, g.YouthNote }));
        var grade = Readability.FleschKincaidGrade(text);
        Assert.True(grade <= 8.0, $"Flesch–Kincaid grade {grade:0.0}");
        Assert.All(Menu.Groups, g =>
        {
            var own = Readability.FleschKincaidGrade($"{g.About} {g.Suits} {g.FindAMeeting} {g.YouthNote}");
            Assert.True(own <= 9.0, $"{g.Id}: grade {own:0.0}");
        });
    }

    [Fact]
    public void PatientText_IsEasyToRead_InSpanish()
    {
        var text = string.Join(" ", Menu.Groups.SelectMany(g => new[] { g.AboutEs, g.SuitsEs, g.FindAMeetingEs, g.YouthNoteEs }));
        var score = Readability.FernandezHuerta(text);
        Assert.True(score >= 70, $"Fernández-Huerta {score:0.0} (70+ is fairly easy, about grade 7)");
    }

    [Fact]
    public void Directory_HasTheYouthFamilyMedicationAndCulturalOptions_EachWithItsPopulation()
    {
        var byId = Menu.Groups.ToDictionary(g => g.Id);
        Assert.Equal(("families", "for-young-people"), (byId["alateen"].Population, byId["alateen"].Youth));
        Assert.Equal(("families", "for-young-people"), (byId["narateen"].Population, byId["narateen"].Youth));
        Assert.Equal("families", byId["smart-recovery-family-and-friends"].Population);
        Assert.Equal("anyone", byId["medication-assisted-recovery-anonymous"].Population);
        Assert.Equal("american-indian-alaska-native", byId["wellbriety"].Population);
        Assert.Contains("methadone", byId["medication-assisted-recovery-anonymous"].About, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOrganization_HasItsOfficialHttpsWebsite_ExceptTheThreeWithNoneConfirmed()
    {
        Assert.All(Menu.Groups.Where(g => g.Website.Length > 0), g => Assert.True(ReferralMenuLoader.IsHttpsUrl(g.Website), g.Id));
        // Where no official site could be verified the page says so, and the clinician note explains why.
        var without = Menu.Groups.Where(g => g.Website.Length == 0).ToList();
        Assert.Equal(["secular-organizations-for-sobriety", "double-trouble-in-recovery", "dual-diagnosis-anonymous"], without.Select(g => g.Id));
        Assert.All(without, g => Assert.Contains("website", g.ClinicianNote, StringComparison.Ordinal));
        Assert.Equal("1-888-425-2666", Menu.Groups.Single(g => g.Id == "al-anon-family-groups").Phone);
        Assert.All(Menu.Groups.Where(g => g.MeetingFinder.Length > 0), g => Assert.True(ReferralMenuLoader.IsHttpsUrl(g.MeetingFinder), g.Id));
    }

    [Fact]
    public void OxfordHouse_IsHousing_NotAMeeting_AndIsNotFilteredOutByMeetingApproachOrFormat()
    {
        var oxford = Menu.Groups.Single(g => g.Id == "oxford-house");
        Assert.True(oxford.Housing);
        Assert.False(oxford.TwelveStep);
        Assert.Equal(["oxford-house"], Menu.Groups.Where(g => g.Housing).Select(g => g.Id));
        Assert.Contains(oxford, new MenuFilter(null, "not-twelve-step", null, null, "online").Apply(Menu.Groups));
        Assert.DoesNotContain(oxford, new MenuFilter(null, null, "moderation", null, null).Apply(Menu.Groups));
    }

    [Fact]
    public void YoungPerson_GetsYouthOptionsFirst_AndAdultsOnlyGroupsAreListedApart()
    {
        var filter = new MenuFilter("young", null, null, null, null);
        var offered = filter.Apply(Menu.Groups);
        Assert.All(offered, g => Assert.True(g.YouthAppropriate, g.Id));
        Assert.Equal(["alateen", "narateen"], offered.TakeWhile(g => g.Youth == "for-young-people").Select(g => g.Id).Order());
        Assert.Contains(offered, g => g.Id == "alcoholics-anonymous");
        Assert.DoesNotContain(offered, g => g.Id == "women-for-sobriety");

        var apart = filter.NotForYoungPerson(Menu.Groups);
        Assert.Equal("women-for-sobriety", apart[0].Id);
        Assert.Equal("Adults only (18 and over)", apart[0].YouthLabel(false));
        Assert.Equal("Solo para adultos (18 años o más)", apart[0].YouthLabel(true));
        Assert.Contains(apart, g => g.Id == "smart-recovery" && g.YouthNote.Contains("schools", StringComparison.Ordinal));
        Assert.Empty(apart.Intersect(offered));
        Assert.Empty(new MenuFilter("adult", null, null, null, null).NotForYoungPerson(Menu.Groups));
    }

    [Fact]
    public void NativePerson_GetsWellbriety_AndOtherPeopleFiltersDoNot()
    {
        Assert.Contains(new MenuFilter("native", null, null, null, null).Apply(Menu.Groups), g => g.Id == "wellbriety");
        Assert.DoesNotContain(new MenuFilter("man", null, null, null, null).Apply(Menu.Groups), g => g.Id == "wellbriety");
        Assert.True(new MenuFilter("native", null, null, null, null).IsValid);
    }

    [Fact]
    public void CurrentNamesAndFacts_AndTheSpanishWordingFixes()
    {
        var byId = Menu.Groups.ToDictionary(g => g.Id);
        Assert.Equal("Secular Organizations for Sobriety (Save Our Selves)", byId["secular-organizations-for-sobriety"].Name);
        Assert.Contains("2020", byId["secular-organizations-for-sobriety"].ClinicianNote, StringComparison.Ordinal);
        Assert.Equal("Adult Children of Alcoholics & Dysfunctional Families", byId["adult-children-of-alcoholics"].Name);
        var smart = byId["smart-recovery"];
        Assert.Equal("either", smart.Goal);
        Assert.Contains("choose your own goal", smart.Suits, StringComparison.Ordinal);
        Assert.Contains("ansias de consumir", smart.AboutEs, StringComparison.Ordinal);
        var spanish = string.Join(" ", Menu.Groups.SelectMany(g => new[] { g.AboutEs, g.SuitsEs, g.FindAMeetingEs, g.YouthNoteEs }));
        Assert.DoesNotContain("antojo", spanish, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("otros como ellas", spanish, StringComparison.Ordinal);
        Assert.Contains("otras personas como ellas", byId["cocaine-anonymous"].SuitsEs, StringComparison.Ordinal);
        Assert.Contains("reciba tratamiento", byId["al-anon-family-groups"].SuitsEs, StringComparison.Ordinal);
        Assert.DoesNotContain("se trate", spanish, StringComparison.Ordinal);
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
