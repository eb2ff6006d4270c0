using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.IntegrationTests.Features.Accounts;

/// <summary>Sessions end when the account changes: password changed, account disabled (security stamp checked every minute).</summary>
public sealed class SessionTests(AppFixture fixture) : AppTest(fixture)
{
    private static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/accounts/login", StringComparison.Ordinal);

    [Fact]
    public async Task PasswordChange_EndsOtherSessions_WithinAMinute_AndKeepsThisOne()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var here = PageClient.For(Factory);
        using var elsewhere = PageClient.For(Factory);
        await here.SignInAsync(user.Email!);
        await elsewhere.SignInAsync(user.Email!);

        var (changed, _) = await here.SubmitAsync("/accounts/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AppFactory.Password,
            ["Input.NewPassword"] = "a brand new long passphrase",
            ["Input.ConfirmPassword"] = "a brand new long passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Factory.Clock.Advance(TimeSpan.FromMinutes(2)); // past the 1-minute validation interval
        Assert.True(SentToSignIn((await elsewhere.GetAsync("/accounts/profile")).Response), "the other session survived a password change");
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/accounts/profile")).Response.StatusCode);
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == user.Id && e.Kind == SecurityEventKind.PasswordChanged)));
    }

    [Fact]
    public async Task LongPassphrases_AreAccepted_AndCheckedExactly()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var passphrase = "When the river bends we follow it slowly past the old mill and the bridge, 2026"; // 80 characters
        var (changed, _) = await client.SubmitAsync("/accounts/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AppFactory.Password,
            ["Input.NewPassword"] = passphrase,
            ["Input.ConfirmPassword"] = passphrase,
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var again = PageClient.For(Factory);
        await again.SignInAsync(user.Email!, passphrase);
        using var truncated = PageClient.For(Factory);
        var (refused, _) = await truncated.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = passphrase[..64] });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        using var upper = PageClient.For(Factory);
        var (refusedUpper, _) = await upper.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = passphrase.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.OK, refusedUpper.StatusCode);
    }

    [Fact]
    public async Task Session_EndsAfterEightIdleHours()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        Factory.Clock.Advance(TimeSpan.FromHours(8.5));
        Assert.True(SentToSignIn((await client.GetAsync("/accounts/profile")).Response), "an idle session outlived the inactivity timeout");
    }

    [Fact]
    public async Task Session_EndsAfterItsAbsoluteLifetime_EvenWhenActive()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        Factory.Clock.Advance(TimeSpan.FromHours(7)); // active within the 8-hour idle timeout
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts/profile")).Response.StatusCode);
        Factory.Clock.Advance(TimeSpan.FromHours(6)); // 13 hours after sign-in: past the 12-hour limit
        Assert.True(SentToSignIn((await client.GetAsync("/accounts/profile")).Response), "an active session outlived its absolute lifetime");
    }

    [Fact]
    public async Task SignOutOtherDevices_EndsTheOthers_AndKeepsThisOne()
    {
        var board = await Factory.CreateUserAsync(Roles.CredentialingBody);
        using var here = PageClient.For(Factory);
        using var lostPhone = PageClient.For(Factory);
        await here.SignInAsync(board.Email!);
        await lostPhone.SignInAsync(board.Email!);
        // The first POST only asks (issue 20): nothing ends until the confirming form is posted, with its token.
        var (asked, askPage) = await here.SubmitAsync("/accounts/sessions", new Dictionary<string, string>(), "form[action*=Others]");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("cannot be restored", askPage.QuerySelector("[data-testid=confirm-step]")!.TextContent, StringComparison.Ordinal);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await lostPhone.GetAsync("/verification/bulk")).Response.StatusCode);
        var token = askPage.QuerySelector("[data-testid=confirm-step] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var (noToken, _) = await here.PostAsync("/accounts/sessions?handler=Others", new Dictionary<string, string> { ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var (done, _) = await here.PostAsync("/accounts/sessions?handler=Others",
            new Dictionary<string, string> { ["Confirmed"] = "true", ["__RequestVerificationToken"] = token });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(SentToSignIn((await lostPhone.GetAsync("/verification/bulk")).Response));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/verification/bulk")).Response.StatusCode); // still with its second factor
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == board.Id && e.Kind == SecurityEventKind.SessionsEnded)));
    }

    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string IPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    private PageClient Browser(string userAgent)
    {
        var client = PageClient.For(Factory);
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    [Fact]
    public async Task Sessions_AreListed_ThisOneMarked_AndAnotherCanBeEnded()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var desk = Browser(WindowsChrome);
        using var phone = Browser(IPhoneSafari);
        await desk.SignInAsync(user.Email!);
        await phone.SignInAsync(user.Email!);

        var (_, page) = await desk.GetAsync("/accounts/sessions");
        var rows = page.QuerySelectorAll("main tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("Chrome on Windows", rows[0].TextContent);
        Assert.Contains("(this browser)", rows[0].TextContent);
        Assert.Null(rows[0].QuerySelector("form")); // this browser signs out with the header's button
        Assert.Contains("Safari on iOS", rows[1].TextContent);
        Assert.DoesNotContain("this browser", rows[1].TextContent);
        // Times in the person's own zone, with the zone named (ux.md).
        var deskSession = await QueryAsync(db => db.Set<UserSession>().Where(x => x.UserId == user.Id).OrderBy(x => x.CreatedAt).FirstAsync());
        var zone = await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TimeZoneId).SingleAsync());
        Assert.Contains(TimeZones.Format(deskSession.CreatedAt, zone), rows[0].TextContent);

        var (ended, _) = await desk.SubmitAsync("/accounts/sessions", new Dictionary<string, string>(), "form[action*=End]");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2)); // past the 1-minute check
        Assert.True(SentToSignIn((await phone.GetAsync("/accounts/profile")).Response), "the ended session still worked");
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/accounts/profile")).Response.StatusCode);

        var (_, after) = await desk.GetAsync("/accounts/sessions");
        Assert.Single(after.QuerySelectorAll("main tbody tr"));
        var stored = await QueryAsync(db => db.Set<UserSession>().Where(x => x.UserId == user.Id).OrderBy(x => x.CreatedAt).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Null(stored[0].EndedAt);
        Assert.NotNull(stored[1].EndedAt);
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == user.Id && e.Kind == SecurityEventKind.SessionsEnded && e.Detail!.Contains("one session"))));
    }

    [Fact]
    public async Task SomeoneElsesSession_CannotBeEnded_AndSigningOutEndsTheRow()
    {
        var owner = await Factory.CreateUserAsync(Roles.Clinician);
        var other = await Factory.CreateUserAsync(Roles.Clinician);
        using var ownerClient = Browser(WindowsChrome);
        await ownerClient.SignInAsync(owner.Email!);
        var ownerSession = await QueryAsync(db => db.Set<UserSession>().Where(x => x.UserId == owner.Id).Select(x => x.Id).SingleAsync());
        using var otherHere = Browser(WindowsChrome);
        using var otherThere = Browser(IPhoneSafari);
        await otherHere.SignInAsync(other.Email!);
        await otherThere.SignInAsync(other.Email!);

        // The form for the other person's own second session, with the owner's session id put in its place.
        var (refused, page) = await otherHere.SubmitAsync("/accounts/sessions", new Dictionary<string, string> { ["id"] = ownerSession.ToString() }, "form[action*=End]");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("already ended", page.QuerySelector("#session-error")!.TextContent);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync("/accounts/profile")).Response.StatusCode);
        Assert.Null(await QueryAsync(db => db.Set<UserSession>().Where(x => x.Id == ownerSession).Select(x => x.EndedAt).SingleAsync()));

        // Signing out ends the row at once, so the list never shows a session that no longer works.
        var (signedOut, _) = await ownerClient.SubmitAsync("/accounts/profile", new Dictionary<string, string>(), "form[action*=logout]");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.NotNull(await QueryAsync(db => db.Set<UserSession>().Where(x => x.Id == ownerSession).Select(x => x.EndedAt).SingleAsync()));
    }

    [Fact]
    public async Task AfterAPasswordChange_OnlyThisSessionIsListed()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var here = Browser(WindowsChrome);
        using var elsewhere = Browser(IPhoneSafari);
        await here.SignInAsync(user.Email!);
        await elsewhere.SignInAsync(user.Email!);
        await here.SubmitAsync("/accounts/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AppFactory.Password,
            ["Input.NewPassword"] = "another long new passphrase",
            ["Input.ConfirmPassword"] = "another long new passphrase",
        });
        var (_, page) = await here.GetAsync("/accounts/sessions");
        var rows = page.QuerySelectorAll("main tbody tr");
        Assert.Single(rows);
        Assert.Contains("(this browser)", rows[0].TextContent);
    }

    [Theory]
    [InlineData(WindowsChrome, "Chrome on Windows")]
    [InlineData(IPhoneSafari, "Safari on iOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on macOS")]
    [InlineData("", "Unknown browser")]
    [InlineData("curl/8.5.0", "Browser")]
    public void Device_NamesTheBrowserForPeople(string userAgent, string expected) => Assert.Equal(expected, UserSessions.Device(userAgent));

    [Fact]
    public async Task AdminEndsAllSessions_OfOneAccount()
    {
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var session = PageClient.For(Factory);
        await session.SignInAsync(clinician.Email!);
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var adminClient = PageClient.For(Factory);
        await adminClient.SignInAsync(admin.Email!);
        var (ended, _) = await adminClient.SubmitAsync($"/admin/accounts?q={Uri.EscapeDataString(clinician.Email!)}",
            new Dictionary<string, string> { ["Reason"] = "Reported a shared computer", ["Confirmed"] = "true" }, "form[action*=EndSessions]");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(SentToSignIn((await session.GetAsync("/accounts/profile")).Response));
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync("/admin/accounts")).Response.StatusCode);
    }

    [Fact]
    public async Task PasswordReset_EndsExistingSessions()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var session = PageClient.For(Factory);
        await session.SignInAsync(user.Email!);
        using (var scope = Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var tracked = (await users.FindByIdAsync(user.Id.ToString()))!;
            var result = await users.ResetPasswordAsync(tracked, await users.GeneratePasswordResetTokenAsync(tracked), "another long passphrase");
            Assert.True(result.Succeeded);
        }
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(SentToSignIn((await session.GetAsync("/accounts/profile")).Response));
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == user.Id && e.Kind == SecurityEventKind.PasswordReset)));
    }

    [Fact]
    public async Task DisabledAccount_LosesItsSession_CannotSignIn_AndItsApiKeysStop()
    {
        await Factory.PublishContentAsync();
        var body = await Factory.CreateUserAsync(Roles.CredentialingBody);
        string secret;
        using (var scope = Factory.Services.CreateScope())
        {
            secret = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(body.Id, "HR sync", CancellationToken.None)).Key!.Secret;
        }
        using var api = Factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var csv = $"code\n{VerificationCode.New()}\n";
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/v1/verifications/bulk", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);

        using var bodySession = PageClient.For(Factory);
        await bodySession.SignInAsync(body.Email!);
        Assert.Equal(HttpStatusCode.OK, (await bodySession.GetAsync("/verification/bulk")).Response.StatusCode);

        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var adminClient = PageClient.For(Factory);
        await adminClient.SignInAsync(admin.Email!);
        var (_, found) = await adminClient.GetAsync($"/admin/accounts?q={Uri.EscapeDataString(body.Email!)}");
        Assert.Contains("active", found.QuerySelector("td[data-label=Status]")!.TextContent, StringComparison.Ordinal);
        var (disabled, _) = await adminClient.SubmitAsync($"/admin/accounts?q={Uri.EscapeDataString(body.Email!)}",
            new Dictionary<string, string> { ["Reason"] = "Left the board; access reviewed", ["Confirmed"] = "true" }, "form[action*=Disable]");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);

        // Within the validation interval the old cookie stops working.
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(SentToSignIn((await bodySession.GetAsync("/verification/bulk")).Response), "a disabled account kept its session");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsync("/api/v1/verifications/bulk", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);

        using var again = PageClient.For(Factory);
        var (refused, page) = await again.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = body.Email!, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        // The same words as for a wrong password: the sign-in page does not tell a stranger the account exists.
        Assert.Contains(ReferralTraining.Web.Pages.Accounts.LoginModel.FailedMessage, page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        var logged = await QueryAsync(db => db.Set<SecurityEvent>().SingleAsync(e => e.Kind == SecurityEventKind.AccountDisabled));
        Assert.Equal((body.Id, admin.Id, "Left the board; access reviewed"), (logged.UserId!.Value, logged.ActorUserId!.Value, logged.Detail));

        // Re-enabled, the person can sign in again (with their second step).
        var (enabled, _) = await adminClient.SubmitAsync($"/admin/accounts?q={Uri.EscapeDataString(body.Email!)}",
            new Dictionary<string, string> { ["Reason"] = "Rejoined the board" }, "form[action*=Enable]");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        await again.SignInAsync(body.Email!);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/verification/bulk")).Response.StatusCode);
    }

    [Fact]
    public async Task DisableForm_NeedsAReason_AndAnAdminCannotDisableThemselves()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(admin.Email!);
        var (noReason, page) = await client.SubmitAsync($"/admin/accounts?q={Uri.EscapeDataString(clinician.Email!)}",
            new Dictionary<string, string> { ["Reason"] = " " }, "form[action*=Disable]");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal("Give a reason of 5 to 300 characters; it is kept in the security log.", PageClient.FieldError(page, $"Reason-{clinician.Id}"));

        var (self, selfPage) = await client.SubmitAsync($"/admin/accounts?q={Uri.EscapeDataString(admin.Email!)}",
            new Dictionary<string, string> { ["Reason"] = "testing myself" }, "form[action*=Disable]");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Contains("You cannot disable your own account", selfPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.Users.AnyAsync(u => u.LockoutEnd != null)));
    }
}
