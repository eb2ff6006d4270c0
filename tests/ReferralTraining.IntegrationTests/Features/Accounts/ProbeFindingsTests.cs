using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Features.Organizations;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Pages.Accounts;

namespace ReferralTraining.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue 15's black-box findings, one test each (each fails without its fix): link poisoning through the Host header,
/// disabled accounts re-enabled by a reset, invitations accepted by someone else, account enumeration, weak passwords,
/// cookies that outlive a sign-out, stranger-chosen text in mail, rate limits split by path spelling, TRACE, and
/// token-bearing pages that could be cached or leak through Referer.
/// </summary>
public sealed class ProbeFindingsTests(AppFixture fixture) : AppTest(fixture)
{
    private const string Origin = "http://ce.example.org"; // plain HTTP: the test server is not HTTPS (cookies stay unprefixed)
    private const string ForeignHost = "evil.example";

    // One host that accepts any Host header (as if AllowedHosts were "*"), so the links can only be right if they come
    // from the configured origin. Shared by the tests of this class: a host costs a database and its migrations.
    private static readonly SemaphoreSlim HostLock = new(1, 1);
    private static AppFactory? anyHost;

    private async Task<AppFactory> AnyHostAsync()
    {
        await HostLock.WaitAsync();
        try
        {
            return anyHost ??= await Fixture.ExtraHostAsync("rt_probe_links", settings: new Dictionary<string, string?>
            {
                ["AllowedHosts"] = "*",
                ["Credentials:PublicBaseUrl"] = Origin,
            });
        }
        finally
        {
            HostLock.Release();
        }
    }

    private static PageClient ForeignClient(AppFactory host)
    {
        var client = PageClient.For(host);
        client.Http.DefaultRequestHeaders.Host = ForeignHost;
        return client;
    }

    private static Dictionary<string, string> Registration(string email, string given = "Rosa") => new()
    {
        ["Input.Email"] = email, ["Input.GivenName"] = given, ["Input.FamilyName"] = "Parks",
        ["Input.Password"] = AppFactory.Password, ["Input.ConfirmPassword"] = AppFactory.Password,
    };

    private static void AssertOrigin(string link) =>
        Assert.True(link.StartsWith(Origin + "/", StringComparison.Ordinal) && !link.Contains(ForeignHost, StringComparison.Ordinal),
            $"link not on the configured origin: {link}");

    [Theory]
    [InlineData("reset")]
    [InlineData("registration")]
    [InlineData("resend-confirmation")]
    [InlineData("already-registered")]
    [InlineData("lockout")]
    public async Task AccountEmails_SentFromARequestWithAForeignHost_LinkToTheConfiguredOrigin(string kind)
    {
        var host = await AnyHostAsync();
        using var client = ForeignClient(host);
        var email = $"{kind}-{Guid.NewGuid():N}@test.example";
        string path;
        switch (kind)
        {
            case "reset":
                await host.CreateUserAsync(Roles.Clinician, email);
                await client.SubmitAsync("/accounts/forgot-password", new Dictionary<string, string> { ["Email"] = email });
                path = "/accounts/reset-password";
                break;
            case "registration":
                await client.SubmitAsync("/accounts/register", Registration(email));
                path = "/accounts/confirm-email";
                break;
            case "resend-confirmation":
                await client.SubmitAsync("/accounts/register", Registration(email));
                await Fixture.Smtp.WaitForMessageAsync(email);
                await client.SubmitAsync("/accounts/resend-confirmation", new Dictionary<string, string> { ["Email"] = email });
                path = "/accounts/confirm-email";
                break;
            case "already-registered":
                await host.CreateUserAsync(Roles.Clinician, email);
                await client.SubmitAsync("/accounts/register", Registration(email));
                path = "/accounts/login";
                break;
            default:
                await host.CreateUserAsync(Roles.Clinician, email);
                for (var i = 0; i < 5; i++)
                {
                    await client.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "wrong password " + i });
                }
                path = "/accounts/forgot-password";
                break;
        }
        var messages = new List<MimeKit.MimeMessage> { await Fixture.Smtp.WaitForMessageAsync(email, m => m.TextBody?.Contains(path, StringComparison.Ordinal) == true) };
        if (kind == "resend-confirmation")
        {
            messages.Add(await Fixture.Smtp.WaitForMessageAsync(email, m => m != messages[0] && m.TextBody?.Contains(path, StringComparison.Ordinal) == true));
        }
        foreach (var message in messages)
        {
            AssertOrigin(SmtpSink.LinkIn(message, path));
            Assert.DoesNotContain(ForeignHost, message.HtmlBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InvitationEmail_SentFromARequestWithAForeignHost_LinksToTheConfiguredOrigin()
    {
        var host = await AnyHostAsync();
        var director = await host.CreateUserAsync(Roles.ProgramDirector);
        var admin = await host.CreateUserAsync(Roles.Admin);
        Guid orgId;
        using (var scope = host.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<OrganizationService>().CreateOrganizationAsync($"Links {Guid.NewGuid():N}"[..20], director.Email, admin.Id, CancellationToken.None);
            orgId = created.Value;
        }
        using var client = ForeignClient(host);
        await client.SignInAsync(director.Email!);
        var invited = $"invitee-{Guid.NewGuid():N}@test.example";
        var (response, _) = await client.SubmitAsync($"/organizations/{orgId}",
            new Dictionary<string, string> { ["Email"] = invited, ["InviteRole"] = "Staff" }, "#invite-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var message = await Fixture.Smtp.WaitForMessageAsync(invited);
        AssertOrigin(SmtpSink.LinkIn(message, "/invitations/accept"));
    }

    [Fact]
    public async Task UnknownHost_IsRefusedWith400_AndLogged_ButHealthProbesAnswer()
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/accounts/forgot-password");
        request.Headers.Host = ForeignHost;
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Factory.SecurityRefusals(), r => r.Message.Contains("unknown host", StringComparison.Ordinal));

        using var health = new HttpRequestMessage(HttpMethod.Get, "/health");
        health.Headers.Host = "10.1.2.3";
        Assert.NotEqual(HttpStatusCode.BadRequest, (await client.SendAsync(health)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode); // the configured host
    }

    [Fact]
    public async Task DisabledAccount_GetsNoResetMail_AndAnEarlierResetLinkCannotEnableIt()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        string token;
        using (var scope = Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            token = await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(user.Id.ToString()))!);
            var errors = await scope.ServiceProvider.GetRequiredService<AccountService>().DisableAsync(user.Id, admin.Id, "Left the practice", CancellationToken.None);
            Assert.Empty(errors);
        }

        using var client = PageClient.For(Factory);
        var (_, sent) = await client.SubmitAsync("/accounts/forgot-password", new Dictionary<string, string> { ["Email"] = user.Email! });
        Assert.Contains("If an account uses that address", sent.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        await JobsIdleAsync();
        Assert.Equal(0, await QueryAsync(db => db.OutboundEmails.CountAsync(e => e.To == user.Email)));

        const string newPassword = "a brand new long passphrase";
        var link = $"/accounts/reset-password?email={Uri.EscapeDataString(user.Email!)}&code={Uri.EscapeDataString(token)}";
        var (reset, page) = await client.SubmitAsync(link, new Dictionary<string, string> { ["Input.Password"] = newPassword, ["Input.ConfirmPassword"] = newPassword });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("not valid any more", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        var saved = await QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id));
        Assert.True(AccountService.IsDisabled(saved), "the reset cleared the disabled mark");

        // Even a direct attempt to clear the mark (as a reset or confirmation would) is refused; only an admin enables.
        using (var scope = Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByIdAsync(user.Id.ToString()))!;
            Assert.False((await users.SetLockoutEndDateAsync(account, null)).Succeeded);
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<AccountService>().EnableAsync(user.Id, "Rejoined the practice", CancellationToken.None));
        }
        Assert.False(AccountService.IsDisabled(await QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id))));
    }

    [Fact]
    public async Task Invitation_CanOnlyBeAcceptedByItsAddressee_AndADirectorRoleAppliesAtOnce()
    {
        var (orgId, _) = await OrganizationTestKit.CreateOrganizationAsync(Factory, $"Invites {Guid.NewGuid():N}"[..20]);
        var addressee = await Factory.CreateUserAsync(Roles.Clinician, $"jordan.lee-{Guid.NewGuid():N}@test.example");
        var stranger = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            var invited = await scope.ServiceProvider.GetRequiredService<OrganizationService>()
                .InviteAsync(orgId, addressee.Email, OrganizationRole.Director, null, null, null, CancellationToken.None);
            Assert.True(invited.Ok, invited.Error);
        }
        var token = await OrganizationTestKit.InvitationTokenAsync(Factory, addressee.Email!);

        using var wrong = PageClient.For(Factory);
        await wrong.SignInAsync(stranger.Email!);
        var (refused, page) = await wrong.SubmitAsync($"/invitations/accept?token={Uri.EscapeDataString(token)}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = page.QuerySelector("#invitation-problem")!.TextContent;
        Assert.Contains("was sent to jo•••@te•••.example", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(addressee.Email!, page.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        Assert.False(await QueryAsync(db => db.Set<OrganizationMember>().AnyAsync(m => m.UserId == stranger.Id)));
        Assert.False(await QueryAsync(db => db.Set<Invitation>().AnyAsync(i => i.AcceptedAt != null)));

        using var right = PageClient.For(Factory);
        await right.SignInAsync(addressee.Email!);
        var (accepted, _) = await right.SubmitAsync($"/invitations/accept?token={Uri.EscapeDataString(token)}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(OrganizationRole.Director, await QueryAsync(db => db.Set<OrganizationMember>().Where(m => m.UserId == addressee.Id).Select(m => m.Role).SingleAsync()));
        // No clock move: the very next request already knows the new role and asks for two-step sign-in.
        var (next, _) = await right.GetAsync($"/organizations/{orgId}/compliance");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/accounts/two-factor/setup", next.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_SaysTheSameForUnknownAddress_WrongPassword_AndLockedAccount_AndHashesForUnknownAddresses()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        var dummy = Factory.Services.GetRequiredService<DummyPasswordHash>();
        using var client = PageClient.For(Factory);
        async Task<string> Attempt(string email, string password)
        {
            var (_, page) = await client.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
            return page.QuerySelector(".error-summary")!.TextContent.Trim();
        }
        var before = dummy.Verifications;
        var unknown = await Attempt($"nobody-{Guid.NewGuid():N}@test.example", "some long password");
        Assert.Equal(before + 1, dummy.Verifications); // the unknown address went through a real hash verification
        var wrong = await Attempt(user.Email!, "not the password 0");
        for (var i = 1; i < 5; i++)
        {
            await Attempt(user.Email!, "not the password " + i);
        }
        var locked = await Attempt(user.Email!, AppFactory.Password);
        Assert.Contains(LoginModel.FailedMessage, unknown, StringComparison.Ordinal);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
    }

    [Theory]
    [InlineData("Password123!")]
    [InlineData("Basketball2026!")]
    [InlineData("rosalind.franklin1920")]
    [InlineData("Franklin.Rosalind")]
    [InlineData("rosalind.franklin@test.example")]
    public async Task Registration_RefusesCommonAndPersonalPasswords(string password)
    {
        using var client = PageClient.For(Factory);
        var email = $"rosalind.franklin-{Guid.NewGuid():N}"[..30] + "@test.example";
        var fields = Registration(email, "Rosalind");
        fields["Input.FamilyName"] = "Franklin";
        fields["Input.Password"] = fields["Input.ConfirmPassword"] = password.Replace("rosalind.franklin@test.example", email, StringComparison.Ordinal);
        var (response, page) = await client.SubmitAsync("/accounts/register", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("too common or too easy to guess", PageClient.FieldError(page, "Input_Password"), StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AtOnce_ForAReplayedCookie()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        var cookie = await RawSignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync("/accounts/profile", cookie)).StatusCode);

        // Sign out with that same cookie (a POST with its antiforgery token), then replay the cookie at once: no clock move.
        using var raw = NewRawClient();
        var logoutPage = await GetWithCookieAsync("/accounts/logout", cookie);
        var (csrfCookie, token) = await AntiforgeryAsync(logoutPage);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/accounts/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        logout.Headers.Add("Cookie", $"{cookie}; {csrfCookie}");
        Assert.Equal(HttpStatusCode.Redirect, (await raw.SendAsync(logout)).StatusCode);

        var replay = await GetWithCookieAsync("/accounts/profile", cookie);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/accounts/login", replay.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordChange_EndsEveryEarlierCookie_AtOnce_AndKeepsThisBrowserSignedIn()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var browser = PageClient.For(Factory);
        await browser.SignInAsync(user.Email!);
        var copy = await RawSignInAsync(user.Email!);

        var (changed, _) = await browser.SubmitAsync("/accounts/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AppFactory.Password, ["Input.NewPassword"] = "another long passphrase here", ["Input.ConfirmPassword"] = "another long passphrase here",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var replay = await GetWithCookieAsync("/accounts/profile", copy);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/accounts/profile")).Response.StatusCode);
    }

    [Fact]
    public async Task Registration_MailsNoStrangerChosenText_AndRefusesLinksInNames()
    {
        using var client = PageClient.For(Factory);
        var email = $"victim-{Guid.NewGuid():N}@test.example";
        var (response, _) = await client.SubmitAsync("/accounts/register", Registration(email, "Your license is suspended pay now"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var message = await Fixture.Smtp.WaitForMessageAsync(email);
        Assert.DoesNotContain("suspended", message.TextBody + message.HtmlBody + message.To, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Parks", message.TextBody + message.To, StringComparison.Ordinal);

        var (refused, page) = await client.SubmitAsync("/accounts/register", Registration($"x-{Guid.NewGuid():N}@test.example", "Pay at https://evil.example/pay"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("letters, spaces, hyphens, apostrophes and periods", PageClient.FieldError(page, "Input_GivenName"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInRateLimit_IsOneBudget_ForEverySpellingOfThePath()
    {
        var host = await Fixture.ExtraHostAsync("rt_probe_limits", settings: new Dictionary<string, string?> { ["Accounts:SignInPagePerMinute"] = "4" });
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        HttpStatusCode Post(string path) =>
            client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "a@test.example" })).Result.StatusCode;
        // Showing the form is not counted: a sign-in (page, then post) spends one request of the budget, not two.
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts/login")).StatusCode);
        }
        for (var i = 0; i < 4; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, Post("/accounts/login"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, Post("/accounts/login"));
        Assert.Equal(HttpStatusCode.TooManyRequests, Post("/accounts/login/"));
        Assert.Equal(HttpStatusCode.TooManyRequests, Post("/Accounts/Login/"));
        Assert.Equal(HttpStatusCode.TooManyRequests, Post("/ACCOUNTS/login"));
    }

    [Fact]
    public async Task Trace_Answers405()
    {
        using var client = Factory.CreateClient();
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("/accounts/reset-password?email=a%40test.example&code=abc")]
    [InlineData("/accounts/confirm-email?userId=7a1f2e6c-0000-4000-8000-000000000000&code=abc")]
    [InlineData("/invitations/accept?token=not-a-real-token")]
    [InlineData("/follow-up/not-a-real-token")]
    [InlineData("/unsubscribe/nudges/not-a-real-token")]
    public async Task PagesWithATokenInTheirUrl_AreNotCached_AndSendNoReferrer(string url)
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(url);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    // --- a client that keeps cookies by hand, so a test can replay one ---

    private HttpClient NewRawClient() =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<HttpResponseMessage> GetWithCookieAsync(string url, string cookie)
    {
        using var raw = NewRawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await raw.SendAsync(request);
    }

    private static async Task<(string Cookie, string Token)> AntiforgeryAsync(HttpResponseMessage page)
    {
        var html = await page.Content.ReadAsStringAsync();
        var document = new HtmlParser().ParseDocument(html);
        var token = document.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("rt.csrf", StringComparison.Ordinal));
        return (cookie, token);
    }

    /// <summary>Signs in without a cookie container and returns the session cookie ("name=value").</summary>
    private async Task<string> RawSignInAsync(string email)
    {
        using var raw = NewRawClient();
        var (csrfCookie, token) = await AntiforgeryAsync(await raw.GetAsync("/accounts/login"));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/accounts/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", csrfCookie);
        var response = await raw.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("rt.auth", StringComparison.Ordinal));
    }
}
