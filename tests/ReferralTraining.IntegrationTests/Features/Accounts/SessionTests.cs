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
        var (done, _) = await here.SubmitAsync("/accounts/sessions", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(SentToSignIn((await lostPhone.GetAsync("/verification/bulk")).Response));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/verification/bulk")).Response.StatusCode); // still with its second factor
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == board.Id && e.Kind == SecurityEventKind.SessionsEnded)));
    }

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
            new Dictionary<string, string> { ["Reason"] = "Reported a shared computer" }, "form[action*=EndSessions]");
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
            secret = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(body.Id, "HR sync")).Key!.Secret;
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
            new Dictionary<string, string> { ["Reason"] = "Left the board; access reviewed" }, "form[action*=Disable]");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);

        // Within the validation interval the old cookie stops working.
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(SentToSignIn((await bodySession.GetAsync("/verification/bulk")).Response), "a disabled account kept its session");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsync("/api/v1/verifications/bulk", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);

        using var again = PageClient.For(Factory);
        var (refused, page) = await again.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = body.Email!, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This account has been disabled.", page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

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
