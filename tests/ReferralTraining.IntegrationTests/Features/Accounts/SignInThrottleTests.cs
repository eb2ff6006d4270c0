using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue 21 items 3-4 (ADR-033): sign-in bursts from one shared address are paced, not refused; a full line says how
/// long to wait and keeps the e-mail; failures from one address stop credential stuffing without locking accounts.
/// </summary>
public sealed class SignInThrottleTests(AppFixture fixture) : AppTest(fixture)
{
    // The production defaults (AccountsOptions), which the test hosts otherwise raise.
    private static Dictionary<string, string?> Defaults(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Accounts:SignInPagePerMinute"] = "1200",
            ["Accounts:SignInPerAddressPerMinute"] = "300",
            ["Accounts:SignInPerAddressBurst"] = "60",
            ["Accounts:SignInPerAddressQueue"] = "120",
            ["Accounts:SignInFailuresPerAddressPer15Minutes"] = "100",
            ["BackgroundJobs:ServerEnabled"] = "false",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static Task<(HttpResponseMessage Response, AngleSharp.Dom.IDocument Page)> SignInAsync(PageClient client, string email, string password) =>
        client.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    [Fact]
    public async Task FortyFiveStaffBehindOneAddress_AllSignIn_WithTheProductionLimits()
    {
        // Before issue 21 the sign-in form allowed 30 requests a minute per address: the 31st nurse got a 429.
        var host = await Fixture.ExtraHostAsync("rt_signin_shared_address", settings: Defaults());
        var staff = new List<AppUser>();
        for (var i = 0; i < 45; i++)
        {
            staff.Add(await host.CreateUserAsync(Roles.Clinician));
        }
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(string Email, HttpStatusCode Status, string? Location)>();
        await Parallel.ForEachAsync(staff, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, _) =>
        {
            using var client = PageClient.For(host);
            var (response, _) = await SignInAsync(client, user.Email!, AppFactory.Password);
            outcomes.Add((user.Email!, response.StatusCode, response.Headers.Location?.OriginalString));
        });
        Assert.Equal(45, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Status == HttpStatusCode.Redirect && o.Location == "/", $"{o.Email}: {(int)o.Status} {o.Location}"));
    }

    [Fact]
    public async Task FullPasswordCheckLine_Answers503_WithRetryAfter_AndKeepsTheEmailButNotThePassword()
    {
        var host = await Fixture.ExtraHostAsync("rt_signin_full_line", settings: Defaults(("Accounts:PasswordChecksAtOnce", "1"), ("Accounts:PasswordCheckQueue", "0")));
        var user = await host.CreateUserAsync(Roles.Clinician);
        var throttle = host.Services.GetRequiredService<SignInThrottle>();
        using var client = PageClient.For(host);

        // Someone else's password is being checked and nobody may wait behind it.
        var held = await throttle.AdmitAsync(IPAddress.Loopback, CancellationToken.None);
        Assert.True(held.IsAdmitted);
        var (busy, page) = await SignInAsync(client, user.Email!, AppFactory.Password);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        var retryAfter = busy.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.True(retryAfter >= 5, $"Retry-After: {busy.Headers.RetryAfter}");
        var notice = page.GetElementById("sign-in-wait")!.TextContent;
        Assert.Contains("Many people are signing in right now", notice, StringComparison.Ordinal);
        Assert.Contains($"{retryAfter:0} seconds", notice, StringComparison.Ordinal);
        Assert.Equal(user.Email, ((IHtmlInputElement)page.GetElementById("Input_Email")!).Value);
        Assert.Equal("", ((IHtmlInputElement)page.GetElementById("Input_Password")!).Value);
        Assert.DoesNotContain(AppFactory.Password, page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        // Once the other check is done, the same person signs in.
        held.Dispose();
        var (signedIn, _) = await SignInAsync(client, user.Email!, AppFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task FailuresFromOneAddress_PauseThatAddress_WithoutLockingTheAccountsTried()
    {
        var host = await Fixture.ExtraHostAsync("rt_signin_stuffing", settings: Defaults(("Accounts:SignInFailuresPerAddressPer15Minutes", "3")));
        var victim = await host.CreateUserAsync(Roles.Clinician);
        var bystander = await host.CreateUserAsync(Roles.Clinician);
        using var attacker = PageClient.For(host);

        // Credential stuffing: one guess each at several accounts (two unknown, one real).
        foreach (var email in new[] { $"nobody-{Guid.NewGuid():N}@test.example", victim.Email!, $"nobody-{Guid.NewGuid():N}@test.example" })
        {
            var (response, page) = await SignInAsync(attacker, email, "Leaked password 2019!");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(Web.Pages.Accounts.LoginModel.FailedMessage, page.DocumentElement.TextContent, StringComparison.Ordinal);
        }
        // The fourth try from that address is refused before any password is checked, even a right one.
        var (refused, refusedPage) = await SignInAsync(attacker, bystander.Email!, AppFactory.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(60, refused.Headers.RetryAfter?.Delta?.TotalSeconds);
        Assert.Contains("Too many failed sign-ins from your network", refusedPage.GetElementById("sign-in-wait")!.TextContent, StringComparison.Ordinal);

        // No account was locked or charged by the refused attempt: the per-account counters saw one failure at most.
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal(0, await users.GetAccessFailedCountAsync((await users.FindByIdAsync(bystander.Id.ToString()))!));
        Assert.Equal(1, await users.GetAccessFailedCountAsync((await users.FindByIdAsync(victim.Id.ToString()))!));
        Assert.False(await users.IsLockedOutAsync((await users.FindByIdAsync(victim.Id.ToString()))!));
    }
}
