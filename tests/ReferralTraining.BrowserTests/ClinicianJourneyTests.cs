using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReferralTraining.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace ReferralTraining.BrowserTests;

public sealed class ClinicianJourneyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Clinician_RegistersConfirmsFillsProfile_ReadsTheWholeCourse_AndSignsOut() => JourneyAsync(nameof(Clinician_RegistersConfirmsFillsProfile_ReadsTheWholeCourse_AndSignsOut), async () =>
    {
        var email = $"maria-{Guid.NewGuid():N}@test.example";

        // Register: first with a mistake, which is explained next to the field.
        await Page.GotoAsync("/accounts/register");
        await AssertAccessibleAsync();
        await Page.GetByLabel("E-mail address").FillAsync(email);
        await Page.GetByLabel("Given (first) name").FillAsync("Maria");
        await Page.GetByLabel("Family (last) name").FillAsync("Santos");
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await Page.GetByLabel("Confirm password").FillAsync("short");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(Page.Locator("#Input_Password-error")).ToContainTextAsync("at least 12 characters");
        await AssertAccessibleAsync();
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(AppFactory.Password);
        await Page.GetByLabel("Confirm password").FillAsync(AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail" })).ToBeVisibleAsync();

        // The confirmation e-mail arrives over SMTP; its link is what we follow.
        var message = await Fixture.Smtp.WaitForMessageAsync(email);
        await Page.GotoAsync(SmtpSink.LinkIn(message, "/accounts/confirm-email"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "E-mail confirmed" })).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First.ClickAsync();
        await Page.GetByLabel("E-mail address").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome, Maria" })).ToBeVisibleAsync();
        await AssertAccessibleAsync();

        // Profile: profession, license, time zone.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Complete your profile" }).ClickAsync();
        await Page.GetByLabel("Profession", new() { Exact = true }).SelectOptionAsync("Counselor");
        await Page.GetByLabel("Time zone").SelectOptionAsync("America/Los_Angeles");
        await Page.GetByLabel("Issuing state or board").First.FillAsync("California Consortium of Addiction Programs and Professionals");
        await Page.GetByLabel("License or certification number").First.FillAsync("CADC-II 12345");
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your profile is saved.");
        await Expect(Page.GetByLabel("License or certification number").First).ToHaveValueAsync("CADC-II 12345");

        // Catalog → course → enroll → read every module.
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Courses" }).ClickAsync();
        await AssertAccessibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Intensive referral to mutual-help groups" }).ClickAsync();
        await AssertAccessibleAsync();
        var moduleCount = await Page.Locator(".module-list li").CountAsync();
        Assert.InRange(moduleCount, 3, 5);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Enroll in this course" }).ClickAsync();
        // The disclosures come before module 1 (issue 22): confirmed once, then module 1 opens.
        await Page.GetByRole(AriaRole.Button, new() { Name = "I have read the disclosures: start module 1" }).ClickAsync();
        Guid userId;
        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ReferralTraining.Web.Features.Accounts.AppUser>>().FindByEmailAsync(email))!.Id;
        }
        for (var n = 1; n <= moduleCount; n++)
        {
            await Expect(Page).ToHaveURLAsync(new Regex($"/courses/intensive-referral/modules/{n}$"));
            await Expect(Page.Locator("article.prose h2").First).ToBeVisibleAsync();
            await Expect(Page.Locator(".references li").First).ToBeVisibleAsync();
            if (n == 1)
            {
                await AssertAccessibleAsync();
            }
            // Reading takes time: the page's heartbeats record it (the app's clock moved forward, see ReadingTimeJourneyTests).
            await ReadingTimeJourneyTests.ReadAsync(Fixture, Page, userId, "intensive-referral", n, await ReadingTimeJourneyTests.RequiredSecondsAsync(Fixture, "intensive-referral", n));
            await Page.GetByRole(AriaRole.Button, new() { Name = "Mark as read and continue" }).ClickAsync();
        }
        await Expect(Page).ToHaveURLAsync(new Regex("/courses/intensive-referral$"));
        await Expect(Page.Locator("[data-testid=progress-percent]")).ToHaveTextAsync("100%");
        await Expect(Page.GetByText("Reading complete.")).ToBeVisibleAsync();
        await AssertAccessibleAsync();

        // Progress survives signing out and back in.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out.");
        await Page.GotoAsync("/accounts/login");
        await Page.GetByLabel("E-mail address").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(AppFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByText("reading complete")).ToBeVisibleAsync();
    });

    [Fact]
    public Task Pages_FitAPhoneScreen_WithoutSidewaysScrolling() => JourneyAsync(nameof(Pages_FitAPhoneScreen_WithoutSidewaysScrolling), async () =>
    {
        await Page.SetViewportSizeAsync(360, 740);
        foreach (var path in new[] { "/", "/courses", "/courses/intensive-referral", "/accounts/register", "/accounts/login" })
        {
            await Page.GotoAsync(path);
            var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a 360px phone screen");
            await AssertAccessibleAsync();
        }
    });

    [Fact]
    public Task KeyboardUsers_CanSkipToContent_AndSeeWhereFocusIs() => JourneyAsync(nameof(KeyboardUsers_CanSkipToContent_AndSeeWhereFocusIs), async () =>
    {
        await Page.GotoAsync("/courses");
        await Page.Keyboard.PressAsync("Tab");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
        var outline = await Page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.Equal("solid", outline);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(new Regex("#main$"));
    });
}
