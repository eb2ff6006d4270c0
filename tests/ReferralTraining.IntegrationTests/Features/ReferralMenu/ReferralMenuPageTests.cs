using System.Net;
using AngleSharp.Dom;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;

namespace ReferralTraining.IntegrationTests.Features.ReferralMenu;

/// <summary>The referral menu page and handouts over HTTP, on a host that loads the real content/referral-menu.</summary>
public sealed class ReferralMenuPageTests(AppFixture fixture) : AppTest(fixture)
{
    private static readonly SemaphoreSlim HostLock = new(1, 1);
    private static AppFactory? host;

    // The shared host serves the test fixture content (no menu); this one serves the repository's content.
    private async Task<PageClient> ClientAsync()
    {
        await HostLock.WaitAsync();
        try
        {
            host ??= await Fixture.ExtraHostAsync("rt_integration_menu", settings: new Dictionary<string, string?>
            {
                ["Courses:ContentPath"] = RepoPaths.Content,
                ["BackgroundJobs:ServerEnabled"] = "false",
            });
        }
        finally
        {
            HostLock.Release();
        }
        return PageClient.For(host);
    }

    private static IElement Card(IDocument page, string id) =>
        page.QuerySelector($"[data-group-id='{id}']") ?? throw new InvalidOperationException($"no {id} on the page");

    [Fact]
    public async Task YoungPerson_IsOfferedAlateenAndNarateenFirst_AndAdultsOnlyGroupsAreListedApartAndMarked()
    {
        using var client = await ClientAsync();
        var (response, page) = await client.GetAsync("/referral-menu?person=young");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var offered = page.QuerySelectorAll("ul[aria-label='Matching groups'] > li").Select(li => li.GetAttribute("data-group-id")).ToList();
        Assert.Equal(["alateen", "narateen"], offered.Take(2).Order());
        Assert.Contains("alcoholics-anonymous", offered);
        Assert.DoesNotContain("women-for-sobriety", offered);
        Assert.Equal(offered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("[data-testid=match-count]")!.TextContent);
        Assert.Contains("Made for young people", Card(page, "alateen").QuerySelector(".age")!.TextContent, StringComparison.Ordinal);

        var apart = page.QuerySelector("[data-testid=not-for-young]")!;
        var wfs = apart.QuerySelector("[data-group-id='women-for-sobriety']")!;
        Assert.Equal("adults-only", wfs.GetAttribute("data-youth"));
        Assert.Contains("Adults only (18 and over)", wfs.TextContent, StringComparison.Ordinal);
        Assert.Contains("schools, clinics or youth programs", apart.QuerySelector("[data-group-id='smart-recovery']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(offered.Intersect(apart.QuerySelectorAll("li").Select(li => li.GetAttribute("data-group-id"))));
    }

    [Fact]
    public async Task EveryCard_ShowsItsOfficialWebsite_OrSaysNoneIsConfirmed_AndOxfordHouseIsListedAsHousing()
    {
        using var client = await ClientAsync();
        var (_, page) = await client.GetAsync("/referral-menu");
        var (_, families) = await client.GetAsync("/referral-menu?person=family");
        // Everyone's groups, then the family groups: together, every organization in the directory.
        var cards = page.QuerySelectorAll("li.card").Concat(families.QuerySelectorAll("li.card")).ToList();
        Assert.Equal(22, cards.Select(c => c.GetAttribute("data-group-id")).Distinct().Count());
        foreach (var card in cards)
        {
            var site = card.QuerySelector("a[data-contact=website]");
            if (site is null)
            {
                Assert.NotNull(card.QuerySelector("[data-contact=no-website]"));
                continue;
            }
            Assert.StartsWith("https://", site.GetAttribute("href"), StringComparison.Ordinal);
            Assert.Equal(site.GetAttribute("href"), site.TextContent);
        }
        Assert.Equal("tel:+18884252666", Card(families, "al-anon-family-groups").QuerySelector("a[data-contact=phone]")!.GetAttribute("href"));
        Assert.Equal("https://www.na.org/meetingsearch/", Card(page, "narcotics-anonymous").QuerySelector("a[data-contact=finder]")!.GetAttribute("href"));

        // Oxford House is a place to live: under its own heading, not among the meetings.
        Assert.Null(page.QuerySelector("ul[aria-label='Matching groups'] [data-group-id='oxford-house']"));
        Assert.NotNull(page.QuerySelector("ul[aria-label='Recovery housing'] [data-group-id='oxford-house']"));
        Assert.Contains("Recovery housing", Card(page, "oxford-house").QuerySelector(".meta")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handouts_PrintEveryWebsiteMeetingSearchAndPhone_InEnglishAndSpanish()
    {
        using var client = await ClientAsync();
        var (_, english) = await client.GetAsync("/referral-menu/handout?person=family&lang=en");
        var alAnon = Card(english, "al-anon-family-groups");
        Assert.Equal("Website: https://al-anon.org", alAnon.QuerySelector("[data-contact=website]")!.TextContent.Trim());
        Assert.Equal("Phone: 1-888-425-2666", alAnon.QuerySelector("[data-contact=phone]")!.TextContent.Trim());
        Assert.Contains("https://al-anon.org/al-anon-meetings/find-an-al-anon-meeting/", alAnon.QuerySelector("[data-contact=finder]")!.TextContent, StringComparison.Ordinal);
        Assert.All(english.QuerySelectorAll("section.group"), s => Assert.NotNull(s.QuerySelector("[data-contact=website]")));

        var (_, spanish) = await client.GetAsync("/referral-menu/handout?person=adult&lang=es");
        Assert.Equal("Sitio web: https://www.aa.org", Card(spanish, "alcoholics-anonymous").QuerySelector("[data-contact=website]")!.TextContent.Trim());
        Assert.Equal("Un lugar para vivir", spanish.QuerySelector("h2.part")!.TextContent);
        Assert.Contains("Cómo encontrar una casa:", Card(spanish, "oxford-house").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task YoungPersonsHandout_ListsOnlyOptionsOpenToThem_WithTheirAge()
    {
        using var client = await ClientAsync();
        var (_, page) = await client.GetAsync("/referral-menu/handout?person=young&lang=en");
        var ids = page.QuerySelectorAll("section.group").Select(s => s.GetAttribute("data-group-id")).ToList();
        Assert.Contains("alateen", ids);
        Assert.Contains("narateen", ids);
        Assert.DoesNotContain("women-for-sobriety", ids);
        Assert.DoesNotContain("oxford-house", ids);
        Assert.All(page.QuerySelectorAll("section.group .age"), p => Assert.Contains(p.GetAttribute("data-youth"), new[] { "for-young-people", "open-to-young-people" }));
    }

    [Fact]
    public async Task UnknownChoices_AreRefused_WithAMessageOnThePage()
    {
        using var client = await ClientAsync();
        var (response, page) = await client.GetAsync("/referral-menu?person=martian");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not recognized", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/referral-menu/handout?lang=fr")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/referral-menu/handout?person=young&format=fax")).Response.StatusCode);
    }
}
