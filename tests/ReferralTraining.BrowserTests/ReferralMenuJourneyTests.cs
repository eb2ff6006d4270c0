using Microsoft.Playwright;
using ReferralTraining.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

public sealed class ReferralMenuJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] TwelveStepGroups =
    [
        "alcoholics-anonymous", "narcotics-anonymous", "cocaine-anonymous", "marijuana-anonymous", "al-anon-family-groups",
        "double-trouble-in-recovery", "dual-recovery-anonymous", "dual-diagnosis-anonymous", "nar-anon", "adult-children-of-alcoholics",
        "alateen", "narateen", "medication-assisted-recovery-anonymous", "wellbriety",
    ];

    [Fact]
    public Task Clinician_FiltersForAWomanWhoWantsNoTwelveSteps_AndPrintsTheHandoutInEnglishAndSpanish() => JourneyAsync(nameof(Clinician_FiltersForAWomanWhoWantsNoTwelveSteps_AndPrintsTheHandoutInEnglishAndSpanish), async () =>
    {
        var user = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(user.Email!);
        await Page.GetByLabel("Password").FillAsync(Tests.Shared.AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Referral menu" }).ClickAsync();
        await AssertAccessibleAsync();
        await Page.GetByLabel("Who is the group for?").SelectOptionAsync("woman");
        await Page.GetByLabel("Approach").SelectOptionAsync("not-twelve-step");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show matching groups" }).ClickAsync();
        await Expect(Page.Locator("[data-group-id=women-for-sobriety]")).ToBeVisibleAsync();
        foreach (var id in TwelveStepGroups)
        {
            await Expect(Page.Locator($"[data-group-id={id}]")).ToHaveCountAsync(0);
        }
        await AssertAccessibleAsync();

        // English handout, printed to PDF by the browser's print path.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Patient handout (English)" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Groups you can try" })).ToBeVisibleAsync();
        await Expect(Page.Locator("section[data-group-id=women-for-sobriety]")).ToBeVisibleAsync();
        await Expect(Page.Locator("section[data-group-id=alcoholics-anonymous]")).ToHaveCountAsync(0);
        Assert.Equal("en", await Page.Locator("html").GetAttributeAsync("lang"));
        await AssertAccessibleAsync();
        await Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(Page.Locator(".no-print")).ToBeHiddenAsync();
        var pdf = await Page.PdfAsync();
        Assert.True(pdf.Length > 1000);

        // The same choices in Spanish.
        await Page.EmulateMediaAsync(new() { Media = Media.Screen });
        await Page.GoBackAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Folleto para el paciente (español)" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Grupos de ayuda que puede probar" })).ToBeVisibleAsync();
        Assert.Equal("es", await Page.Locator("html").GetAttributeAsync("lang"));
        await Expect(Page.Locator("section[data-group-id=women-for-sobriety]")).ToContainTextAsync("Puede ser para usted si:");
        foreach (var id in TwelveStepGroups)
        {
            await Expect(Page.Locator($"section[data-group-id={id}]")).ToHaveCountAsync(0);
        }
        await AssertAccessibleAsync();
    });
    [Fact]
    public Task Clinician_FiltersForAYoungPerson_SeesAlateenAndNarateen_AndAdultsOnlyMarked_AndPrintsAHandoutWithWebsites() => JourneyAsync(nameof(Clinician_FiltersForAYoungPerson_SeesAlateenAndNarateen_AndAdultsOnlyMarked_AndPrintsAHandoutWithWebsites), async () =>
    {
        var user = await Fixture.Factory.CreateUserAsync(Roles.Clinician);
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(user.Email!);
        await Page.GetByLabel("Password").FillAsync(Tests.Shared.AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Referral menu" }).ClickAsync();
        await Page.GetByLabel("Who is the group for?").SelectOptionAsync("young");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show matching groups" }).ClickAsync();

        var offered = Page.GetByRole(AriaRole.List, new() { Name = "Matching groups" });
        await Expect(offered.Locator("[data-group-id=alateen]")).ToContainTextAsync("Made for young people");
        await Expect(offered.Locator("[data-group-id=narateen]")).ToContainTextAsync("Made for young people");
        await Expect(offered.Locator("[data-group-id=women-for-sobriety]")).ToHaveCountAsync(0);
        var apart = Page.GetByRole(AriaRole.List, new() { Name = "Not for a young person" });
        await Expect(apart.Locator("[data-group-id=women-for-sobriety]")).ToContainTextAsync("Adults only (18 and over)");
        await Expect(offered.Locator("[data-group-id=alateen] a[data-contact=website]")).ToHaveAttributeAsync("href", "https://al-anon.org");
        await AssertAccessibleAsync();

        // The handout, in the browser's print view: every website is printed in full, adults-only groups are left out.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Patient handout (English)" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Groups you can try" })).ToBeVisibleAsync();
        await Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(Page.Locator(".no-print")).ToBeHiddenAsync();
        await Expect(Page.Locator("section[data-group-id=alateen] [data-contact=website]")).ToHaveTextAsync("Website: https://al-anon.org");
        await Expect(Page.Locator("section[data-group-id=alateen] [data-contact=finder]")).ToContainTextAsync("https://al-anon.org/al-anon-meetings/find-an-alateen-meeting/");
        await Expect(Page.Locator("section[data-group-id=narateen] [data-contact=website]")).ToHaveTextAsync("Website: https://www.nar-anon.org");
        await Expect(Page.Locator("section[data-group-id=alcoholics-anonymous] [data-contact=website]")).ToBeVisibleAsync();
        await Expect(Page.Locator("section[data-group-id=women-for-sobriety]")).ToHaveCountAsync(0);
        var sections = await Page.Locator("section.group").CountAsync();
        await Expect(Page.Locator("section.group [data-contact=website]")).ToHaveCountAsync(sections);
        var pdf = await Page.PdfAsync();
        Assert.True(pdf.Length > 1000);
        await Page.EmulateMediaAsync(new() { Media = Media.Screen });
        await AssertAccessibleAsync();
    });
}
