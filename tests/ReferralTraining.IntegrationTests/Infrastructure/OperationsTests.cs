using System.Net;
using System.Text.Json;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.IntegrationTests.Infrastructure;

public sealed class OperationsTests(AppFixture fixture) : AppTest(fixture)
{
    [Fact]
    public async Task Health_ReportsDatabaseAndJobStorage()
    {
        await Factory.PublishContentAsync(); // the database was emptied; readiness needs a published course
        using var client = Factory.CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pages_SendSecurityHeaders()
    {
        using var client = Factory.CreateClient();
        var response = await client.GetAsync("/accounts/login");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task OverHttps_HstsIsSent_AndTheSessionCookieIsSecureHttpOnlySameSite()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using var client = Factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://referraltraining.example") });
        var login = await client.GetAsync("/accounts/login");
        Assert.Equal("max-age=31536000; includeSubDomains", login.Headers.GetValues("Strict-Transport-Security").Single());
        var html = await login.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var antiforgeryCookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rt.csrf=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        var request = new HttpRequestMessage(HttpMethod.Post, "/accounts/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = AppFactory.Password, ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        var signedIn = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rt.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; secure", session, StringComparison.Ordinal);
        Assert.Contains("; httponly", session, StringComparison.Ordinal);
        Assert.Contains("; samesite=lax", session, StringComparison.Ordinal);
        Assert.DoesNotContain("expires=", session, StringComparison.Ordinal); // a browser-session cookie unless "keep me signed in"
    }

    [Fact]
    public async Task OnAnHttpsOrigin_EveryCookieIsHostPrefixed_Secure_ForTheWholeSite()
    {
        var https = await Fixture.ExtraHostAsync("rt_integration_https_origin", settings: new Dictionary<string, string?>
        {
            ["Credentials:PublicBaseUrl"] = "https://referraltraining.example",
            ["BackgroundJobs:ServerEnabled"] = "false",
        });
        var user = await https.CreateUserAsync(Roles.Clinician);
        using var client = https.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://referraltraining.example"), HandleCookies = true });
        var login = await client.GetAsync("/accounts/login");
        var token = System.Text.RegularExpressions.Regex.Match(await login.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signedIn = await client.PostAsync("/accounts/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!, ["Input.Password"] = AppFactory.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookies = login.Headers.GetValues("Set-Cookie").Concat(signedIn.Headers.GetValues("Set-Cookie")).Select(c => c.ToLowerInvariant()).ToList();
        Assert.Contains(cookies, c => c.StartsWith("__host-rt.csrf=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("__host-rt.auth=", StringComparison.Ordinal));
        // What a browser requires of a __Host- cookie (RFC 6265bis): Secure, Path=/, no Domain. Nothing is set without the prefix.
        Assert.All(cookies, c =>
        {
            Assert.StartsWith("__host-", c, StringComparison.Ordinal);
            Assert.Contains("; secure", c, StringComparison.Ordinal);
            Assert.Contains("; path=/", c, StringComparison.Ordinal);
            Assert.DoesNotContain("domain=", c, StringComparison.Ordinal);
        });
        // The prefixed session works.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts/profile")).StatusCode);
    }

    [Fact]
    public void AppSettings_ContainNoSecrets()
    {
        // Secrets (connection passwords, SMTP password, keys) come from the environment, never from the repository.
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "ReferralTraining.Web"), "appsettings*.json");
        Assert.NotEmpty(files);
        var found = new List<string>();
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            Walk(json.RootElement, Path.GetFileName(file), found);
        }
        Assert.Empty(found);

        static void Walk(JsonElement element, string path, List<string> found)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    var secretish = System.Text.RegularExpressions.Regex.IsMatch(name, "password|secret|apikey|api_key|privatekey|token|connectionstring", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
                        || path.EndsWith(":ConnectionStrings", StringComparison.Ordinal);
                    if (secretish && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString()!.Length > 0)
                    {
                        found.Add($"{path}:{name}");
                    }
                    Walk(property.Value, $"{path}:{name}", found);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, path, found);
                }
            }
        }
    }

    [Fact]
    public void RazorViews_HaveNoInlineScriptStyleOrEventHandlers()
    {
        // The CSP forbids inline script and style; this keeps views from relying on them (they would silently break).
        var views = Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "ReferralTraining.Web", "Pages"), "*.cshtml", SearchOption.AllDirectories);
        Assert.NotEmpty(views);
        var offending = new List<string>();
        foreach (var view in views)
        {
            var text = File.ReadAllText(view);
            if (System.Text.RegularExpressions.Regex.IsMatch(text, @"\sstyle\s*=|<style[\s>]|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=\s*[""']|javascript:", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            {
                offending.Add(Path.GetRelativePath(RepoPaths.Root, view));
            }
        }
        Assert.Empty(offending);
    }

    [Fact]
    public async Task FormPostWithoutAntiforgeryToken_IsRejected_AndWritesNothing()
    {
        Factory.Clock.Advance(TimeSpan.FromMinutes(1)); // refusals are logged once a minute per sender: start a new minute
        using var client = Factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync("/accounts/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "csrf@test.example",
            ["Input.GivenName"] = "Cross",
            ["Input.FamilyName"] = "Site",
            ["Input.Password"] = AppFactory.Password,
            ["Input.ConfirmPassword"] = AppFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Users)));
        // The refusal is logged (ASVS 16.3.3), as a Warning line rather than a row anyone could multiply.
        Assert.Contains(Factory.SecurityRefusals(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && r.Message.Contains("antiforgery token missing or invalid", StringComparison.Ordinal) && r.Message.Contains("/accounts/register", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/admin/content")]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/accounts")]
    [InlineData("/admin/security-events")]
    [InlineData("/admin/reading-time")]
    public async Task AdminPages_RedirectAnonymous_ForbidOtherRoles_AllowAdmins(string path)
    {
        using var anonymous = PageClient.For(Factory);
        var (anonymousResponse, _) = await anonymous.GetAsync(path);
        Assert.True(anonymousResponse.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"anonymous got {anonymousResponse.StatusCode}");

        foreach (var role in new[] { Roles.Clinician, Roles.ProgramDirector, Roles.CredentialingBody })
        {
            var user = await Factory.CreateUserAsync(role);
            using var client = PageClient.For(Factory);
            await client.SignInAsync(user.Email!);
            var (response, _) = await client.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.ToString().Contains("access-denied", StringComparison.Ordinal) == true,
                $"{role} got {(int)response.StatusCode} for {path}");
        }

        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var adminClient = PageClient.For(Factory);
        await adminClient.SignInAsync(admin.Email!);
        var (adminResponse, document) = await adminClient.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, adminResponse.StatusCode);
        Assert.NotEmpty(document.QuerySelector("h1, title")?.TextContent ?? "");
    }

    [Fact]
    public async Task PublicForms_AreRateLimitedPerClient_With429AndAFriendlyPage()
    {
        var strict = await Fixture.ExtraHostAsync("rt_integration_ratelimit", settings: new Dictionary<string, string?>
        {
            ["Accounts:PublicFormsPerMinute"] = "3",
            ["Accounts:SignInPagePerMinute"] = "3",
            ["Accounts:TwoFactorPerMinute"] = "3",
            ["Verification:PublicPerMinute"] = "3",
            ["BackgroundJobs:ServerEnabled"] = "false",
        });
        using var client = strict.CreateClient(new() { AllowAutoRedirect = false });
        // Sign-in, registration, password reset (request and new password), confirmation e-mail, the second
        // sign-in step and public verification: each has its own budget per client address.
        foreach (var path in new[] { "/accounts/login", "/accounts/register", "/accounts/forgot-password", "/accounts/reset-password?email=a%40b.example&code=x", "/accounts/resend-confirmation", "/accounts/two-factor", "/verify" })
        {
            var codes = new List<HttpStatusCode>();
            HttpResponseMessage? last = null;
            for (var i = 0; i < 5; i++)
            {
                // The sign-in page's budget counts posts only: showing the form is free, so a sign-in is one request.
                last = path == "/accounts/login"
                    ? await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "a@b.example" }))
                    : await client.GetAsync(path);
                codes.Add(last.StatusCode);
            }
            Assert.True(codes.Take(3).All(c => c != HttpStatusCode.TooManyRequests), $"{path}: {string.Join(",", codes)}");
            Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes.Skip(3));
            Assert.NotNull(last!.Headers.RetryAfter);
            Assert.Equal("text/html", last.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<h1>Too many attempts</h1>", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Posting the sign-in form counts against the same budget (that is what password guessing does).
        var post = await client.PostAsync("/accounts/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "a@b.example", ["Input.Password"] = "guess" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts/login")).StatusCode);
        // The verification API answers with a problem body.
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync($"/api/v1/verifications/{Web.Features.Certificates.VerificationCode.New()}");
        }
        var api = await client.GetAsync($"/api/v1/verifications/{Web.Features.Certificates.VerificationCode.New()}");
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        // The catalog is not a login form and stays available.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/courses")).StatusCode);
        // Rejections are logged (ASVS 16.3.3), but a flood from one sender is one line a minute, not one per request.
        var lines = strict.SecurityRefusals().Where(r => r.Message.Contains("rate limit", StringComparison.Ordinal)).ToList();
        Assert.InRange(lines.Count, 1, 2); // 2 only if the test crossed a minute boundary
        Assert.All(lines, r => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, r.Level));
    }

    [Fact]
    public async Task BadConfiguration_StopsStartUp_WithTheKeyNamed()
    {
        var host = await Fixture.ExtraHostAsync("rt_integration_bad_options",
            settings: new Dictionary<string, string?> { ["Email:Port"] = "70000", ["BackgroundJobs:ServerEnabled"] = "false" });
        var error = Assert.ThrowsAny<Exception>(() => host.Server);
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains("Email:Port must be a TCP port from 1 to 65535.", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
