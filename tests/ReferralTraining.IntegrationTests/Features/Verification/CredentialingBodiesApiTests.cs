using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.IntegrationTests.Features.Verification;

public sealed class CredentialingBodiesApiTests(AppFixture fixture) : AppTest(fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private async Task<(AppUser Body, string Secret)> BodyWithKeyAsync(string name = "Board")
    {
        var body = await Factory.CreateUserAsync(Roles.CredentialingBody);
        using var scope = Factory.Services.CreateScope();
        var (key, error) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(body.Id, name, CancellationToken.None);
        Assert.Null(error);
        return (body, key!.Secret);
    }

    private HttpClient ApiClient(string? secret)
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (secret is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
        return client;
    }

    private static StringContent CsvBody(string text) => new(text, Encoding.UTF8, "text/csv");

    private async Task<int> CountWritesAsync() => await QueryAsync(async db =>
        await db.Certificates.CountAsync() + await db.CertificateStatusEvents.CountAsync() + await db.Set<ShareConsent>().CountAsync() + await db.Set<ApiKey>().CountAsync());

    [Fact]
    public async Task ApiKey_CreatedOnThePage_IsShownOnce_StoredAsHashOnly_AndStopsWorkingWhenRevoked()
    {
        var body = await Factory.CreateUserAsync(Roles.CredentialingBody);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(body.Email!);
        var (created, createdPage) = await page.SubmitAsync("/verification/api-keys", new Dictionary<string, string> { ["Name"] = "Renewal audit" }, "form[action*=Create]");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var secret = createdPage.QuerySelector<IHtmlInputElement>("[data-testid=api-key-secret]")!.Value;
        Assert.Matches("^rtk_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$", secret);

        var (_, again) = await page.GetAsync("/verification/api-keys");
        Assert.Null(again.QuerySelector("[data-testid=api-key-secret]"));
        Assert.DoesNotContain(secret, again.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.Contains($"rtk_{secret[4..12]}_", again.Body!.TextContent, StringComparison.Ordinal);

        var stored = await QueryAsync(db => db.Set<ApiKey>().AsNoTracking().SingleAsync());
        Assert.Equal((body.Id, "Renewal audit", secret[4..12]), (stored.OwnerUserId, stored.Name, stored.Prefix));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), stored.Hash);
        Assert.Null(stored.LastUsedAt);

        using var api = ApiClient(secret);
        var ok = await api.PostAsync("/api/v1/verifications/bulk", CsvBody($"code\n{VerificationCode.New()}\n"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotNull(await QueryAsync(db => db.Set<ApiKey>().Select(k => k.LastUsedAt).SingleAsync()));

        var (revoked, _) = await page.SubmitAsync("/verification/api-keys", new Dictionary<string, string>(), "form[action*=Revoke]");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var refused = await api.PostAsync("/api/v1/verifications/bulk", CsvBody($"code\n{VerificationCode.New()}\n"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer nonsense")]
    [InlineData("Bearer rtk_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Basic Ym9hcmQ6cGFzc3dvcmQ=")]
    public async Task MissingOrGarbageKey_Gets401WithProblemDetails(string? authorization)
    {
        await BodyWithKeyAsync(); // a real key exists; the garbage must not match it
        using var client = ApiClient(null);
        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Post, "/api/v1/verifications/bulk") { Content = CsvBody("code\nX\n") },
            new HttpRequestMessage(HttpMethod.Get, "/api/v1/verifications/audit?authority=NY&number=1&from=2020-01-01&to=2020-12-31"),
        })
        {
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Bulk_ReturnsEachCodesStatusInInputOrder()
    {
        var clinician = await BoardsTestData.ClinicianAsync(Factory, Profession.Counselor, "Dana", "Reyes", ("NY", "MHC-100"));
        var valid = await BoardsTestData.CertificateAsync(Factory, clinician.Id, "naadac", DateTimeOffset.UtcNow.AddDays(-3));
        var revoked = await BoardsTestData.CertificateAsync(Factory, clinician.Id, "nbcc", DateTimeOffset.UtcNow.AddDays(-2), CertificateStatus.Revoked);
        var unknown = VerificationCode.New();
        var (_, secret) = await BodyWithKeyAsync();
        using var api = ApiClient(secret);

        var csv = $"\uFEFFcode\r\n{revoked.VerificationCode.ToLowerInvariant()}\r\nnot-a-code\r\n\r\n{unknown}\r\n\"{valid.VerificationCode}\"\r\n";
        var response = await api.PostAsync("/api/v1/verifications/bulk", CsvBody(csv));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadFromJsonAsync<List<BulkVerificationLine>>(Json))!;
        Assert.Equal(
            [(2, VerificationService.Revoked), (3, VerificationService.Malformed), (5, VerificationService.Unknown), (6, VerificationService.Valid)],
            lines.Select(l => (l.Line, l.Status)).ToList());
        Assert.Equal(("Dana Reyes", "Sample course for tests", 0.25m), (lines[3].HolderName, lines[3].CourseTitle, lines[3].Credits));
        Assert.Equal("Test Revoked", lines[0].StatusReason);
        Assert.Null(lines[1].HolderName);
    }

    public static TheoryData<string, string, HttpStatusCode, int> BadUploads()
    {
        var codes = string.Concat(Enumerable.Range(0, 1001).Select(_ => VerificationCode.New() + "\n"));
        return new TheoryData<string, string, HttpStatusCode, int>
        {
            { "text/csv", "certificate\nABCD\n", HttpStatusCode.BadRequest, 1 },
            { "text/csv", "", HttpStatusCode.BadRequest, 1 },
            { "text/csv", "code\n\n", HttpStatusCode.BadRequest, 2 },
            { "text/csv", "code\n" + codes, HttpStatusCode.BadRequest, 1002 },
            { "text/csv", "code\n" + new string('A', 300 * 1024), HttpStatusCode.RequestEntityTooLarge, 0 },
            { "application/json", "{\"code\":\"x\"}", HttpStatusCode.UnsupportedMediaType, -1 },
        };
    }

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Bulk_RefusesBadFiles_NamingTheProblemAndLine_AndWritesNothing(string contentType, string body, HttpStatusCode expected, int line)
    {
        var (_, secret) = await BodyWithKeyAsync();
        var before = await CountWritesAsync();
        using var api = ApiClient(secret);
        var response = await api.PostAsync("/api/v1/verifications/bulk", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (line >= 0)
        {
            Assert.Equal(line, problem.GetProperty("line").GetInt32());
        }
        if (line > 0)
        {
            Assert.Contains($"Line {line}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await CountWritesAsync());
    }

    [Fact]
    public async Task Audit_ShowsRecordsInThePeriod_OnlyToABodyTheClinicianConsentedTo_AndNotAfterWithdrawal()
    {
        var clinician = await BoardsTestData.ClinicianAsync(Factory, Profession.Counselor, "Dana", "Reyes", ("NY", "MHC-100"));
        var inRange = await BoardsTestData.CertificateAsync(Factory, clinician.Id, "naadac", new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero));
        await BoardsTestData.CertificateAsync(Factory, clinician.Id, "nbcc", new DateTimeOffset(2023, 1, 10, 12, 0, 0, TimeSpan.Zero));
        var (board, secret) = await BodyWithKeyAsync("NY board");
        var (_, otherSecret) = await BodyWithKeyAsync("Other board");
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ConsentService>().GrantShareAsync(clinician.Id, board.Id, CancellationToken.None));
        }
        const string url = "/api/v1/verifications/audit?authority=ny&number=mhc-100&from=2025-01-01&to=2025-12-31";

        using var api = ApiClient(secret);
        var response = await api.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var audit = await response.Content.ReadFromJsonAsync<AuditResult>(Json);
        Assert.Equal(("Dana Reyes", "NY", "MHC-100"), (audit!.HolderName, audit.Authority, audit.Number));
        Assert.Equal([inRange.VerificationCode], audit.Records.Select(r => r.Code).ToList());
        Assert.Equal((VerificationService.Valid, 0.25m), (audit.Records[0].Status, audit.Records[0].Credits));

        // Another body, without consent, learns nothing: the same 404 as for a license nobody holds.
        using var other = ApiClient(otherSecret);
        var notShared = await other.GetAsync(url);
        var nobody = await other.GetAsync("/api/v1/verifications/audit?authority=NY&number=NOPE-1&from=2025-01-01&to=2025-12-31");
        Assert.Equal(HttpStatusCode.NotFound, notShared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        Assert.Equal(await nobody.Content.ReadAsStringAsync(), await notShared.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Dana", await notShared.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ConsentService>().WithdrawShareAsync(clinician.Id, board.Id, CancellationToken.None);
        }
        var withdrawn = await api.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, withdrawn.StatusCode);
        Assert.DoesNotContain("Dana", await withdrawn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var history = await QueryAsync(db => db.Set<ShareConsent>().AsNoTracking().SingleAsync());
        Assert.NotNull(history.WithdrawnAt); // the grant is kept, stamped withdrawn
    }

    [Theory]
    [InlineData("from=2025-12-31&to=2025-01-01", "on or before")]
    [InlineData("from=2010-01-01&to=2025-01-01", "at most 10 years")]
    [InlineData("from=2025-02-30&to=2025-03-01", "YYYY-MM-DD")]
    [InlineData("to=2025-03-01", "YYYY-MM-DD")]
    public async Task Audit_RefusesInvalidPeriods(string period, string message)
    {
        var (_, secret) = await BodyWithKeyAsync();
        using var api = ApiClient(secret);
        var response = await api.GetAsync($"/api/v1/verifications/audit?authority=NY&number=1&{period}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyPagesAndApi_AreClosedToCliniciansAndAnonymousVisitors()
    {
        var clinician = await Factory.CreateUserAsync(Roles.Clinician);
        using var signedIn = PageClient.For(Factory);
        await signedIn.SignInAsync(clinician.Email!);
        using var anonymous = PageClient.For(Factory);
        foreach (var url in new[] { "/verification/bulk", "/verification/api-keys", "/admin/exports" })
        {
            var (denied, _) = await signedIn.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("/accounts/access-denied", denied.Headers.Location!.ToString(), StringComparison.Ordinal);
            var (login, _) = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Contains("/accounts/login", login.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
        // A signed-in cookie is not an API key.
        var bulk = await signedIn.Http.PostAsync("/api/v1/verifications/bulk", CsvBody("code\nX\n"));
        Assert.Equal(HttpStatusCode.Unauthorized, bulk.StatusCode);
        // Clinicians cannot hold keys.
        using var scope = Factory.Services.CreateScope();
        var (key, error) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(clinician.Id, "mine", CancellationToken.None);
        Assert.Null(key);
        Assert.Contains("credentialing-body", error, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Set<ApiKey>().CountAsync()));
    }

    [Fact]
    public async Task BulkPage_ShowsResultsAndDownloadsThem_AndAuditFormSaysNoConsentedRecord()
    {
        var clinician = await BoardsTestData.ClinicianAsync(Factory, Profession.Counselor, "=Dana", "Reyes", ("NY", "MHC-100"));
        var valid = await BoardsTestData.CertificateAsync(Factory, clinician.Id, "naadac", DateTimeOffset.UtcNow.AddDays(-1));
        var body = await Factory.CreateUserAsync(Roles.CredentialingBody);
        using var page = PageClient.For(Factory);
        await page.SignInAsync(body.Email!);

        var csv = $"code\n{valid.VerificationCode}\nnope\n";
        var (checkedResponse, results) = await page.SubmitAsync("/verification/bulk", new Dictionary<string, string> { ["Csv"] = csv }, "form[action*=Check]");
        Assert.Equal(HttpStatusCode.OK, checkedResponse.StatusCode);
        Assert.Equal([VerificationService.Valid, VerificationService.Malformed], results.QuerySelectorAll("#bulk-results tbody tr").Select(r => r.GetAttribute("data-status")).ToList());

        var token = results.QuerySelector<IHtmlInputElement>("form[action*=Download] input[name=__RequestVerificationToken]")!.Value;
        var file = await page.Http.PostAsync("/verification/bulk?handler=Download", new FormUrlEncodedContent(new Dictionary<string, string> { ["Csv"] = csv, ["__RequestVerificationToken"] = token }));
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        var text = await file.Content.ReadAsStringAsync();
        Assert.Contains($"2,{valid.VerificationCode},valid,{valid.VerificationCode},\"'=Dana Reyes\",", text, StringComparison.Ordinal);

        var (wrong, wrongPage) = await page.SubmitAsync("/verification/bulk", new Dictionary<string, string> { ["Csv"] = "codes\nX" }, "form[action*=Check]");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Line 1 must be the header", wrongPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        var (_, audit) = await page.GetAsync("/verification/bulk?Authority=NY&Number=MHC-100&From=2020-01-01&To=2029-12-31");
        Assert.NotNull(audit.GetElementById("audit-none"));
        Assert.Null(audit.GetElementById("audit-result"));
    }
}
