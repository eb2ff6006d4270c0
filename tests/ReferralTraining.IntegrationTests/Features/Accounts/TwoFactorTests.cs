using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.IntegrationTests.Features.Accounts;

public sealed class TwoFactorTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private static Dictionary<string, string> Login(string email, string password = AppFactory.Password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    private async Task<string> KeyOfAsync(AppUser user)
    {
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id.ToString()))!))!;
    }

    [Theory]
    [InlineData(Roles.Admin, "/admin/content")]
    [InlineData(Roles.ProgramDirector, "/organizations")]
    [InlineData(Roles.CredentialingBody, "/verification/bulk")]
    public async Task PrivilegedAccountWithoutTwoFactor_IsSentToEnrollment_UntilEnrolled(string role, string privilegedPage)
    {
        var user = await Factory.CreateUserAsync(role, enrolTwoFactor: false);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!); // password only: nothing to enter yet

        var (blocked, _) = await client.GetAsync(privilegedPage);
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.StartsWith("/accounts/two-factor/setup", blocked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (home, _) = await client.GetAsync("/");
        Assert.StartsWith("/accounts/two-factor/setup", home.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // Cookie-authenticated APIs answer with a problem body instead of a redirect.
        var api = await client.Http.GetAsync("/api/v1/quizzes/courses/sample-course/attempts/current");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        // The set-up page shows the key as text and a vector QR code, with no inline style or script (CSP).
        var (setupResponse, setup) = await client.GetAsync("/accounts/two-factor/setup");
        Assert.Equal(HttpStatusCode.OK, setupResponse.StatusCode);
        Assert.NotNull(setup.QuerySelector(".qr-box svg path[d]"));
        var html = setup.DocumentElement.OuterHtml;
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        var (key, recoveryCodes) = await client.EnrolTwoFactorAsync();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(key, await KeyOfAsync(user));
        var (allowed, _) = await client.GetAsync(privilegedPage);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == user.Id && e.Kind == SecurityEventKind.TwoFactorEnrolled)));

        // Next time the password alone is not enough.
        using var next = PageClient.For(Factory);
        var (password, _) = await next.SubmitAsync("/accounts/login", Login(user.Email!));
        Assert.StartsWith("/accounts/two-factor", password.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (stillOut, _) = await next.GetAsync(privilegedPage);
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
        Assert.Contains("/accounts/login", stillOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrollmentCode_MustBeRight_WithAClearMessage()
    {
        var user = await Factory.CreateUserAsync(Roles.Admin, enrolTwoFactor: false);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (badFormat, page) = await client.SubmitAsync("/accounts/two-factor/setup", new Dictionary<string, string> { ["Input.Code"] = "12ab" }, "#two-factor-setup-form");
        Assert.Equal(HttpStatusCode.OK, badFormat.StatusCode);
        Assert.Equal("Enter the 6 digits your authenticator app shows, like 123456.", PageClient.FieldError(page, "Input_Code"));
        var key = await KeyOfAsync(user);
        var wrong = TestTotp.Code(key, TestTotp.Step(Factory.Clock.GetUtcNow()) + 5);
        var (_, wrongPage) = await client.SubmitAsync("/accounts/two-factor/setup", new Dictionary<string, string> { ["Input.Code"] = wrong }, "#two-factor-setup-form");
        Assert.StartsWith("That code is not right.", PageClient.FieldError(wrongPage, "Input_Code"), StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task AuthenticatorCode_IsAcceptedOnce_AReplayIsRejected()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var code = TestTotp.Code(await KeyOfAsync(admin), TestTotp.Step(Factory.Clock.GetUtcNow()));

        using var first = PageClient.For(Factory);
        var (step1, _) = await first.SubmitAsync("/accounts/login", Login(admin.Email!));
        var (accepted, _) = await first.SubmitAsync(step1.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/admin/content")).Response.StatusCode);

        // Someone who saw the code (shoulder-surfing, a phishing proxy) tries it again within its 30 seconds.
        using var attacker = PageClient.For(Factory);
        var (step1Again, _) = await attacker.SubmitAsync("/accounts/login", Login(admin.Email!));
        var (replayed, replayPage) = await attacker.SubmitAsync(step1Again.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.StartsWith("That code is not right, or it was already used.", PageClient.FieldError(replayPage, "Input_Code"), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await attacker.GetAsync("/admin/content")).Response.StatusCode);
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == admin.Id && e.Kind == SecurityEventKind.TwoFactorFailed)));

        // The next code from the app still works.
        using var later = PageClient.For(Factory);
        await later.SignInAsync(admin.Email!);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/admin/content")).Response.StatusCode);
    }

    [Fact]
    public async Task Replay_IsRejected_EvenAfterAWrongCodeBeforeTheRightOne()
    {
        // A wrong code first makes the successful sign-in reset the failure count, which saves the whole user
        // row; the accepted step must survive that save.
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var key = await KeyOfAsync(admin);
        var now = TestTotp.Step(Factory.Clock.GetUtcNow());
        using var first = PageClient.For(Factory);
        var codePage = (await first.SubmitAsync("/accounts/login", Login(admin.Email!))).Response.Headers.Location!.OriginalString;
        await first.SubmitAsync(codePage, new Dictionary<string, string> { ["Input.Code"] = TestTotp.Code(key, now + 7) });
        var (accepted, _) = await first.SubmitAsync(codePage, new Dictionary<string, string> { ["Input.Code"] = TestTotp.Code(key, now) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        using var replay = PageClient.For(Factory);
        var replayPage = (await replay.SubmitAsync("/accounts/login", Login(admin.Email!))).Response.Headers.Location!.OriginalString;
        var (replayed, _) = await replay.SubmitAsync(replayPage, new Dictionary<string, string> { ["Input.Code"] = TestTotp.Code(key, now) });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
    }

    [Fact]
    public async Task ConcurrentSubmissionsOfOneCode_OnlyOneSucceeds()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var code = TestTotp.Code(await KeyOfAsync(admin), TestTotp.Step(Factory.Clock.GetUtcNow()));
        var clients = Enumerable.Range(0, 4).Select(_ => PageClient.For(Factory)).ToList();
        var codePages = new List<string>();
        foreach (var c in clients)
        {
            codePages.Add((await c.SubmitAsync("/accounts/login", Login(admin.Email!))).Response.Headers.Location!.OriginalString);
        }
        var results = await Task.WhenAll(clients.Select((c, i) => c.SubmitAsync(codePages[i], new Dictionary<string, string> { ["Input.Code"] = code })));
        // Never more than one. (Identity may also refuse the one that claimed the code, when the others'
        // failure counts changed the row at the same moment: it fails closed, and the person enters the next code.)
        Assert.True(results.Count(r => r.Response.StatusCode == HttpStatusCode.Redirect) <= 1, "one code signed in more than once");
        Assert.All(results, r => Assert.True(r.Response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{r.Response.StatusCode}"));
        Assert.Equal(TestTotp.Step(Factory.Clock.GetUtcNow()), await QueryAsync(db => db.Users.Where(u => u.Id == admin.Id).Select(u => u.LastTotpTimeStep).SingleAsync()), new StepTolerance());
        clients.ForEach(c => c.Dispose());
    }

    /// <summary>The claimed step is the one the code was computed for; the clock may have ticked into the next.</summary>
    private sealed class StepTolerance : IEqualityComparer<long?>
    {
        public bool Equals(long? now, long? claimed) => claimed is { } c && now is { } n && (c == n || c == n - 1);

        public int GetHashCode(long? obj) => 0;
    }

    [Fact]
    public async Task WrongCodes_LockTheAccount_AndAreLogged()
    {
        var body = await Factory.CreateUserAsync(Roles.CredentialingBody);
        using var client = PageClient.For(Factory);
        var (step1, _) = await client.SubmitAsync("/accounts/login", Login(body.Email!));
        var codePage = step1.Headers.Location!.OriginalString;
        var key = await KeyOfAsync(body);
        var wrong = TestTotp.Code(key, TestTotp.Step(Factory.Clock.GetUtcNow()) + 10);
        for (var i = 0; i < 5; i++)
        {
            await client.SubmitAsync(codePage, new Dictionary<string, string> { ["Input.Code"] = wrong });
        }
        var (_, locked) = await client.SubmitAsync(codePage, new Dictionary<string, string> { ["Input.Code"] = await Factory.NextTotpCodeAsync(body.Email!) });
        Assert.Contains("locked", locked.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == body.Id && e.Kind == SecurityEventKind.LockedOut)));
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce_AndIsStoredHashed()
    {
        var director = await Factory.CreateUserAsync(Roles.ProgramDirector, enrolTwoFactor: false);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(director.Email!);
        var (_, codes) = await client.EnrolTwoFactorAsync();

        var stored = await QueryAsync(db => db.UserTokens.Where(t => t.UserId == director.Id && t.Name == "RecoveryCodes").Select(t => t.Value).SingleAsync());
        Assert.DoesNotContain(codes[0], stored, StringComparison.Ordinal);

        using var withCode = PageClient.For(Factory);
        var (step1, _) = await withCode.SubmitAsync("/accounts/login", Login(director.Email!));
        var (ok, _) = await withCode.SubmitAsync(step1.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Code"] = codes[0].ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withCode.GetAsync("/organizations")).Response.StatusCode);

        using var again = PageClient.For(Factory);
        var (step1Again, _) = await again.SubmitAsync("/accounts/login", Login(director.Email!));
        var (reused, page) = await again.SubmitAsync(step1Again.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Code"] = codes[0] });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Equal("That recovery code is not right or was already used.", PageClient.FieldError(page, "Input_Code"));
        Assert.True(await QueryAsync(db => db.Set<SecurityEvent>().AnyAsync(e => e.UserId == director.Id && e.Kind == SecurityEventKind.RecoveryCodeUsed)));
    }

    [Fact]
    public async Task Clinician_MayEnrolFromTheProfile_ThenSignsInWithACode()
    {
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(clinician.Email!);
        var (_, profile) = await client.GetAsync("/accounts/profile");
        Assert.NotNull(profile.QuerySelector("a[href='/accounts/two-factor/setup']"));
        // Optional: a clinician is not forced to enrol.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/courses")).Response.StatusCode);
        await client.EnrolTwoFactorAsync();

        using var next = PageClient.For(Factory);
        var (step1, _) = await next.SubmitAsync("/accounts/login", Login(clinician.Email!));
        Assert.StartsWith("/accounts/two-factor", step1.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await next.SignInAsync(clinician.Email!);
        var (_, enrolledProfile) = await next.GetAsync("/accounts/profile");
        Assert.Contains("Two-step sign-in is on", enrolledProfile.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordReset_DoesNotBypassTheSecondStep()
    {
        var board = await Factory.CreateUserAsync(Roles.CredentialingBody);
        using (var scope = Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var tracked = (await users.FindByIdAsync(board.Id.ToString()))!;
            Assert.True((await users.ResetPasswordAsync(tracked, await users.GeneratePasswordResetTokenAsync(tracked), "fresh long passphrase here")).Succeeded);
        }
        using var client = PageClient.For(Factory);
        var (step1, _) = await client.SubmitAsync("/accounts/login", Login(board.Email!, "fresh long passphrase here"));
        Assert.StartsWith("/accounts/two-factor", step1.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(await QueryAsync(db => db.Users.Where(u => u.Id == board.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task AuthenticatorKey_IsStoredEncrypted()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var key = await KeyOfAsync(admin);
        var stored = await QueryAsync(db => db.UserTokens.Where(t => t.UserId == admin.Id && t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync());
        Assert.DoesNotContain(key, stored, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<FormatException>(() => Totp.FromBase32(stored!));
    }

    [Fact]
    public async Task AdminResetOfTwoFactor_EndsSessions_AndThePersonEnrolsAgain()
    {
        var director = await Factory.CreateUserAsync(Roles.ProgramDirector);
        using var directorClient = PageClient.For(Factory);
        await directorClient.SignInAsync(director.Email!);
        var oldKey = await KeyOfAsync(director);
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var adminClient = PageClient.For(Factory);
        await adminClient.SignInAsync(admin.Email!);
        var (reset, _) = await adminClient.SubmitAsync($"/admin/accounts?q={Uri.EscapeDataString(director.Email!)}",
            new Dictionary<string, string> { ["Reason"] = "Lost phone; identity checked by video call" }, "form[action*=ResetTwoFactor]");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains("/accounts/login", (await directorClient.GetAsync("/organizations")).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var again = PageClient.For(Factory);
        await again.SignInAsync(director.Email!); // password only now
        Assert.StartsWith("/accounts/two-factor/setup", (await again.GetAsync("/organizations")).Response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (newKey, _) = await again.EnrolTwoFactorAsync();
        Assert.NotEqual(oldKey, newKey);
        var logged = await QueryAsync(db => db.Set<SecurityEvent>().SingleAsync(e => e.Kind == SecurityEventKind.TwoFactorReset));
        Assert.Equal((director.Id, admin.Id, "Lost phone; identity checked by video call"), (logged.UserId!.Value, logged.ActorUserId!.Value, logged.Detail));
    }

    [Fact]
    public async Task CodePage_WithoutThePasswordStep_SendsToSignIn()
    {
        using var client = PageClient.For(Factory);
        var (response, _) = await client.GetAsync("/accounts/two-factor");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/accounts/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void Totp_MatchesTheRfc6238TestVector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits), so 287082 with 6 digits.
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        Assert.Equal("287082", Totp.Code(key, Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(59))));
        Assert.Equal(key, Totp.FromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    }
}
