using Microsoft.Playwright;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

public sealed class TwoFactorJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Director_IsMadeToEnrol_ScansOrTypesTheKey_SavesRecoveryCodes_ThenReachesTheOrganization() => JourneyAsync(nameof(Director_IsMadeToEnrol_ScansOrTypesTheKey_SavesRecoveryCodes_ThenReachesTheOrganization), async () =>
    {
        var cspViolations = new List<string>();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspViolations.Add(message.Text);
            }
        };
        var director = await Fixture.Factory.CreateUserAsync(Roles.ProgramDirector, enrolTwoFactor: false);
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(director.Email!);
        await Page.GetByLabel("Password").FillAsync(AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Straight to enrollment: the QR code is drawn (vector) and the key is readable as text.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Set up two-step sign-in");
        await Expect(Page.GetByRole(AriaRole.Img, new() { Name = "QR code to add ReferralTraining to your authenticator app" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();
        var key = await Page.Locator("#authenticator-key").GetAttributeAsync("data-key");
        await Page.GetByLabel("Code from your app").FillAsync(TestTotp.Code(key!, TestTotp.Step(Fixture.Factory.Clock.GetUtcNow())));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Save your recovery codes" })).ToBeVisibleAsync();
        await Expect(Page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await Page.GetByRole(AriaRole.Link, new() { Name = "I have saved them: continue" }).ClickAsync();
        await Page.GotoAsync("/organizations");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        Assert.DoesNotContain("/accounts/two-factor", Page.Url, StringComparison.Ordinal);
        Assert.Empty(cspViolations);

        // Kestrel does not announce itself.
        using var http = new HttpClient();
        var response = await http.GetAsync(Fixture.BaseUrl + "/accounts/login");
        Assert.False(response.Headers.Contains("Server"));
    });
}
