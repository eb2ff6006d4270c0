using System.Buffers.Binary;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.IntegrationTests.Features.Accounts;

public sealed class AccountsTests(AppFixture fixture) : AppTest(fixture)
{
    private static Dictionary<string, string> Registration(string email, string password = AppFactory.Password, string? confirm = null) => new()
    {
        ["Input.Email"] = email,
        ["Input.GivenName"] = "Rosa",
        ["Input.FamilyName"] = "Delgado",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    [Theory]
    [InlineData("not-an-email", AppFactory.Password, null, "Input_Email", "Enter an e-mail address like name@example.org.")]
    [InlineData("ok@test.example", "short pass", null, "Input_Password", "Use at least 12 characters for your password.")]
    [InlineData("ok@test.example", "password1234", null, "Input_Password", "This password is too common or too easy to guess. Try a phrase of several unrelated words.")]
    [InlineData("ok@test.example", "123456789012345", null, "Input_Password", "This password is too common or too easy to guess. Try a phrase of several unrelated words.")]
    [InlineData("ok@test.example", AppFactory.Password, "something else entirely", "Input_ConfirmPassword", "The two passwords do not match.")]
    public async Task Register_RejectsInvalidInput_WithMessageNextToField_AndWritesNothing(string email, string password, string? confirm, string field, string message)
    {
        using var client = PageClient.For(Factory);
        var (response, page) = await client.SubmitAsync("/accounts/register", Registration(email, password, confirm));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, PageClient.FieldError(page, field));
        Assert.Equal("true", page.GetElementById(field)?.GetAttribute("aria-invalid"));
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#" + field + "']"));
        Assert.Equal(0, await QueryAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.OutboundEmails.CountAsync()));
    }

    [Fact]
    public async Task Register_WithMissingNames_ShowsBothErrors()
    {
        using var client = PageClient.For(Factory);
        var fields = Registration("names@test.example");
        fields["Input.GivenName"] = "";
        fields["Input.FamilyName"] = "  ";
        var (_, page) = await client.SubmitAsync("/accounts/register", fields);
        Assert.Equal("Enter your given (first) name.", PageClient.FieldError(page, "Input_GivenName"));
        Assert.Equal("Enter your family (last) name.", PageClient.FieldError(page, "Input_FamilyName"));
        Assert.Equal(0, await QueryAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Register_SendsConfirmationOverSmtp_AndAccountWorksOnlyAfterConfirming()
    {
        var email = $"rosa-{Guid.NewGuid():N}@test.example";
        using var client = PageClient.For(Factory);
        var (response, _) = await client.SubmitAsync("/accounts/register", Registration(email));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var user = await QueryAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.False(user.EmailConfirmed);
        Assert.Equal("Rosa", user.GivenName);
        var roles = await QueryAsync(db => db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync());
        Assert.Equal([Roles.Clinician], roles);

        // Unconfirmed: sign-in is refused with a message that says why.
        var (refused, refusedPage) = await client.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Confirm your e-mail address first", refusedPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        var message = await Fixture.Smtp.WaitForMessageAsync(email, m => m.Subject?.Contains("Confirm", StringComparison.Ordinal) == true);
        Assert.NotNull(message.HtmlBody);
        Assert.Contains("You received this because", message.TextBody, StringComparison.Ordinal);
        var link = new Uri(SmtpSink.LinkIn(message, "/accounts/confirm-email"));
        var (confirmed, confirmedPage) = await client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("E-mail confirmed", confirmedPage.QuerySelector("h1")!.TextContent);
        Assert.True(await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.EmailConfirmed).SingleAsync()));

        await client.SignInAsync(email);
        var (home, homePage) = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("Welcome, Rosa", homePage.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Register_WithEmailAlreadyUsed_AnswersAsForANewAddress_AndMailsTheOwner()
    {
        var existing = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        var (response, _) = await client.SubmitAsync("/accounts/register", Registration(existing.Email!));
        var (fresh, _) = await client.SubmitAsync("/accounts/register", Registration($"new-{Guid.NewGuid():N}@test.example"));
        // Same answer for a taken and a new address (no account enumeration): both go to "check your e-mail".
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(fresh.Headers.Location!.OriginalString.Split('?')[0], response.Headers.Location!.OriginalString.Split('?')[0]);
        Assert.Equal(2, await QueryAsync(db => db.Users.CountAsync()));
        // The owner learns of it by e-mail, with a sign-in link, not a second account.
        var message = await Fixture.Smtp.WaitForMessageAsync(existing.Email!, m => m.Subject == "You already have a ReferralTraining account");
        Assert.StartsWith("http://localhost/accounts/login", SmtpSink.LinkIn(message, "/accounts/login"), StringComparison.Ordinal);
        Assert.Equal("Test", await QueryAsync(db => db.Users.Where(u => u.Id == existing.Id).Select(u => u.GivenName).SingleAsync()));
    }

    [Fact]
    public async Task Passwords_AreHashedWithPbkdf2_AtLeast210000Iterations()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        var hash = Convert.FromBase64String(await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash!).SingleAsync()));
        // Identity v3 format: 0x01 | PRF (4 bytes) | iteration count (4 bytes, big-endian) | ...
        Assert.Equal(0x01, hash[0]);
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5, 4)) >= 210_000);
    }

    [Fact]
    public async Task SignIn_LocksTheAccount_AfterFiveFailures_EvenForTheRightPassword()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        for (var i = 0; i < 5; i++)
        {
            var (wrong, wrongPage) = await client.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = "not the password " + i });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.NotNull(wrongPage.QuerySelector(".error-summary"));
        }
        var (locked, lockedPage) = await client.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        // The page says what it says for a wrong password; the owner is told of the lockout by e-mail.
        Assert.Contains(ReferralTraining.Web.Pages.Accounts.LoginModel.FailedMessage, lockedPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        var lockoutEnd = await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(lockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
        var mail = await Fixture.Smtp.WaitForMessageAsync(user.Email!, m => m.Subject?.Contains("locked", StringComparison.Ordinal) == true);
        Assert.Contains("too many unsuccessful sign-ins", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgottenPassword_EmailsAResetLink_ThatSetsANewPassword()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        var (sent, sentPage) = await client.SubmitAsync("/accounts/forgot-password", new Dictionary<string, string> { ["Email"] = user.Email! });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("If an account uses that address", sentPage.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var message = await Fixture.Smtp.WaitForMessageAsync(user.Email!, m => m.Subject?.Contains("Reset", StringComparison.Ordinal) == true);
        var link = new Uri(SmtpSink.LinkIn(message, "/accounts/reset-password"));
        const string newPassword = "a brand new long passphrase";
        var (reset, _) = await client.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Input.Password"] = newPassword, ["Input.ConfirmPassword"] = newPassword });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        using var fresh = PageClient.For(Factory);
        await fresh.SignInAsync(user.Email!, newPassword);
    }

    [Fact]
    public async Task ForgottenPassword_ForUnknownAddress_LooksTheSame_AndSendsNothing()
    {
        using var client = PageClient.For(Factory);
        var (_, page) = await client.SubmitAsync("/accounts/forgot-password", new Dictionary<string, string> { ["Email"] = "nobody@test.example" });
        Assert.Contains("If an account uses that address", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        // The lookup runs in a job (same answer time for any address): wait until the job system is idle, then nothing was written.
        await JobsIdleAsync();
        Assert.Equal(0, await QueryAsync(db => db.OutboundEmails.CountAsync()));
    }

    [Fact]
    public async Task ChangePassword_RequiresTheCurrentPassword()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (wrong, wrongPage) = await client.SubmitAsync("/accounts/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "not my password at all", ["Input.NewPassword"] = "another long passphrase", ["Input.ConfirmPassword"] = "another long passphrase",
        });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal("Your current password is not correct.", PageClient.FieldError(wrongPage, "Input_CurrentPassword"));

        var (ok, _) = await client.SubmitAsync("/accounts/change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AppFactory.Password, ["Input.NewPassword"] = "another long passphrase", ["Input.ConfirmPassword"] = "another long passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        using var fresh = PageClient.For(Factory);
        await fresh.SignInAsync(user.Email!, "another long passphrase");
    }

    [Fact]
    public async Task Profile_SavesProfessionLicensesAndTimeZone()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician, withProfile: false);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var (response, _) = await client.SubmitAsync("/accounts/profile", new Dictionary<string, string>
        {
            ["Input.GivenName"] = "Ana", ["Input.MiddleName"] = "Lucia", ["Input.FamilyName"] = "Reyes", ["Input.Suffix"] = "",
            ["Input.Profession"] = "SocialWorker", ["Input.TimeZoneId"] = "America/Denver",
            ["Input.Licenses[0].IssuingAuthority"] = "Colorado DORA", ["Input.Licenses[0].Number"] = "LCSW-0991",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await QueryAsync(db => db.Users.Include(u => u.Licenses).SingleAsync(u => u.Id == user.Id));
        Assert.Equal(("Ana", "Lucia", "Reyes"), (saved.GivenName, saved.MiddleName, saved.FamilyName));
        Assert.Equal(Profession.SocialWorker, saved.Profession);
        Assert.Equal("America/Denver", saved.TimeZoneId);
        var license = Assert.Single(saved.Licenses);
        Assert.Equal(("Colorado DORA", "LCSW-0991"), (license.IssuingAuthority, license.Number));
    }

    [Theory]
    [InlineData("Input.Profession", "Astronaut", "Input_Profession", "Choose your profession from the list.")]
    [InlineData("Input.TimeZoneId", "Mars/Olympus_Mons", "Input_TimeZoneId", "Choose a time zone from the list.")]
    [InlineData("Input.GivenName", "", "Input_GivenName", "Enter your given (first) name as it appears on your license.")]
    [InlineData("Input.Licenses[0].Number", "<script>", "Input_Licenses_0__Number", "Enter the license number using letters, digits, spaces, '-', '.' or '/' (up to 40 characters).")]
    [InlineData("Input.Licenses[0].IssuingAuthority", "", "Input_Licenses_0__IssuingAuthority", "Enter the issuing state or board (2 to 120 characters).")]
    public async Task Profile_RejectsInvalidInput_AndWritesNothing(string key, string value, string field, string message)
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician, withProfile: false);
        using var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        var fields = new Dictionary<string, string>
        {
            ["Input.GivenName"] = "Ana", ["Input.FamilyName"] = "Reyes", ["Input.Profession"] = "Nurse", ["Input.TimeZoneId"] = "America/Chicago",
            ["Input.Licenses[0].IssuingAuthority"] = "Iowa Board of Nursing", ["Input.Licenses[0].Number"] = "RN-1",
        };
        fields[key] = value;
        var (response, page) = await client.SubmitAsync("/accounts/profile", fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, PageClient.FieldError(page, field));
        var saved = await QueryAsync(db => db.Users.Include(u => u.Licenses).SingleAsync(u => u.Id == user.Id));
        Assert.Equal("Test", saved.GivenName);
        Assert.Null(saved.Profession);
        Assert.Empty(saved.Licenses);
    }
}
