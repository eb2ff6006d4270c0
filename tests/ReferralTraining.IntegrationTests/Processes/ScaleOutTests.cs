using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Credentials;
using Xunit.Abstractions;

namespace ReferralTraining.IntegrationTests.Processes;

/// <summary>
/// Issue #8, item 4: two app processes (no shared memory) with their own Hangfire servers on one database, as
/// `docker compose up --scale app=2` runs them (ADR-010).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class ScaleOutTests(ProcessFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Jobs_enqueued_once_run_once_while_both_servers_take_work()
    {
        var watch = Stopwatch.StartNew();
        var (a, b, smtp, db) = await fixture.ScaleOutAsync();
        const int count = 120;
        var claims = await Sql.SeedClaimsAsync(db, "scale-jobs-", count);
        var client = new BackgroundJobClient(Sql.Jobs(db));
        foreach (var claim in claims)
        {
            client.Enqueue<IssueCertificateJob>(j => j.RunAsync(claim, CancellationToken.None));
        }

        const string certificateMail = "SELECT count(*) FROM outbound_emails e JOIN \"AspNetUsers\" u ON u.\"Email\" = e.\"To\" WHERE u.\"Email\" LIKE 'scale-jobs-%' AND e.\"SentAt\" IS NOT NULL";
        await Sql.WaitUntilAsync(async () => await Sql.CountAsync(db, certificateMail) == count,
            TimeSpan.FromSeconds(90), async () => $"{await Sql.CountAsync(db, certificateMail)} sent\n{await Sql.HangfireStateAsync(db)}\n{a.RecentOutput}\n{b.RecentOutput}");
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Effects: one award, one certificate and one e-mail per claim; each message delivered once.
        Assert.Equal(0, await Sql.CountAsync(db, """
            SELECT count(*) FROM credit_claims c JOIN "AspNetUsers" u ON u."Id" = c."UserId"
            WHERE u."Email" LIKE 'scale-jobs-%' AND (
                (SELECT count(*) FROM credit_awards a WHERE a."EnrollmentId" = c."EnrollmentId") <> 1
                OR (SELECT count(*) FROM certificates x JOIN credit_awards a ON a."Id" = x."AwardId" WHERE a."EnrollmentId" = c."EnrollmentId") <> 1
                OR (SELECT count(*) FROM outbound_emails e WHERE e."To" = u."Email") <> 1)
            """));
        var rows = await Sql.ListAsync(db, """SELECT e."Id" FROM outbound_emails e WHERE e."To" LIKE 'scale-jobs-%'""", r => r.GetGuid(0));
        var delivered = smtp.Messages.Where(m => m.To.Mailboxes.Any(x => x.Address.StartsWith("scale-jobs-", StringComparison.Ordinal))).Select(m => m.MessageId).ToList();
        Assert.Equal(rows.Select(id => $"{id:N}@referraltraining.local").Order(), delivered.Order());

        // Each job was picked up by exactly one worker, and both processes' servers did some of the work.
        var processing = await Sql.ListAsync(db, """
            SELECT j.id, s.data::text FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
            WHERE s.name = 'Processing' AND (j.invocationdata::text LIKE '%IssueCertificateJob%' OR j.invocationdata::text LIKE '%SendEmailBatchJob%')
            """, r => (Job: r.GetInt64(0), Server: ServerId().Match(r.GetString(1)).Groups[1].Value));
        Assert.Equal(count * 2, processing.Count);
        Assert.Equal(count * 2, processing.Select(p => p.Job).Distinct().Count());
        var byA = processing.Count(p => p.Server.Contains($":{a.Pid}:", StringComparison.Ordinal));
        var byB = processing.Count(p => p.Server.Contains($":{b.Pid}:", StringComparison.Ordinal));
        output.WriteLine($"{count} certificate jobs + {count} e-mail jobs: {byA} ran in process A (pid {a.Pid}), {byB} in B (pid {b.Pid}); {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(count * 2, byA + byB);
        Assert.True(byA > 0 && byB > 0, $"Both servers should have taken work: A {byA}, B {byB}");
    }

    [Fact]
    public async Task A_person_signed_in_through_one_instance_is_signed_in_on_the_other()
    {
        var (a, b, _, db) = await fixture.ScaleOutAsync();
        var email = $"scale-sign-in-{Guid.NewGuid():N}@test.example";
        await CreateUserAsync(db, email, Roles.Clinician, givenName: "Scaleout");

        var jar = new CookieContainer();
        using var throughA = new PageClient(a.Client(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar }));
        await throughA.SignInAsync(email);
        var auth = jar.GetCookies(a.BaseAddress)["rt.auth"] ?? throw new InvalidOperationException("No auth cookie from A");

        // The cookie A issued, sent to B: B unprotects it with the key ring in the database.
        using var bHttp = b.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/accounts/profile");
        request.Headers.Add("Cookie", $"rt.auth={auth.Value}");
        using var response = await bHttp.SendAsync(request);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(email, page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Scaleout", page, StringComparison.Ordinal);

        // Control: without the cookie B sends people to sign in. The key ring both read is the database's.
        using var anonymous = await bHttp.GetAsync("/accounts/profile");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/accounts/login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(await Sql.CountAsync(db, "SELECT count(*) FROM \"DataProtectionKeys\"") >= 1);
    }

    [Fact]
    public async Task Rate_limits_are_per_instance_budgets()
    {
        var (a, b, _, _) = await fixture.ScaleOutAsync();
        // A client address no other test uses (127.0.0.2), so its budgets start full on both instances.
        using var fromA = a.Client(FromAddress(IPAddress.Parse("127.0.0.2")));
        using var fromB = b.Client(FromAddress(IPAddress.Parse("127.0.0.2")));
        var code = VerificationCode.New();

        async Task<List<int>> HitAsync(HttpClient http, int times, string? forwardedFor = null)
        {
            var statuses = new List<int>();
            for (var i = 0; i < times; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/verifications/{code}");
                if (forwardedFor is not null)
                {
                    request.Headers.Add("X-Forwarded-For", forwardedFor);
                }
                using var response = await http.SendAsync(request);
                statuses.Add((int)response.StatusCode);
            }
            return statuses;
        }

        var limit = ProcessFixture.VerificationPerMinute;
        var onA = await HitAsync(fromA, limit + 2);
        var onB = await HitAsync(fromB, limit + 2);
        output.WriteLine($"A: {string.Join(' ', onA)}\nB: {string.Join(' ', onB)}");
        // Each instance answers its own budget (404: a well-formed code nobody holds), then refuses with 429 ...
        Assert.All(onA.Take(limit), s => Assert.Equal(404, s));
        Assert.All(onA.Skip(limit), s => Assert.Equal(429, s));
        // ... and B's budget is untouched by what A counted: the documented per-instance budget (ADR-010).
        Assert.All(onB.Take(limit), s => Assert.Equal(404, s));
        Assert.All(onB.Skip(limit), s => Assert.Equal(429, s));

        // Behind a reverse proxy each client keeps its own budget: the proxy (127.0.0.1, a configured
        // ReverseProxy:KnownNetworks entry) names the client; anyone else cannot (a spoofed header changes nothing).
        Assert.Equal([429], await HitAsync(fromA, 1, forwardedFor: "203.0.113.9"));
        using var proxyToA = a.Client();
        var first = await HitAsync(proxyToA, limit + 1, forwardedFor: "203.0.113.7");
        var second = await HitAsync(proxyToA, 1, forwardedFor: "203.0.113.8");
        output.WriteLine($"via proxy, client 1: {string.Join(' ', first)}; client 2: {string.Join(' ', second)}");
        Assert.All(first.Take(limit), s => Assert.Equal(404, s));
        Assert.Equal(429, first[^1]);
        Assert.Equal([404], second);
    }

    [Fact]
    public async Task A_certificate_revoked_through_one_instance_reads_revoked_on_the_other_at_once()
    {
        var (a, b, _, db) = await fixture.ScaleOutAsync();
        var claim = (await Sql.SeedClaimsAsync(db, "scale-revoke-", 1)).Single();
        new BackgroundJobClient(Sql.Jobs(db)).Enqueue<IssueCertificateJob>(j => j.RunAsync(claim, CancellationToken.None));
        await Sql.WaitUntilAsync(async () => await Sql.CountAsync(db, $"SELECT count(*) FROM certificates x JOIN credit_awards a ON a.\"Id\" = x.\"AwardId\" WHERE a.\"ClaimId\" = '{claim}'") == 1,
            TimeSpan.FromSeconds(60), () => Sql.HangfireStateAsync(db));
        var (code, index, jwt) = (await Sql.ListAsync(db, $"SELECT x.\"VerificationCode\", x.\"StatusListIndex\", x.\"CredentialJwt\" FROM certificates x JOIN credit_awards a ON a.\"Id\" = x.\"AwardId\" WHERE a.\"ClaimId\" = '{claim}'",
            r => (r.GetString(0), r.GetInt32(1), r.GetString(2)))).Single();

        using var bHttp = b.Client();
        Assert.Equal("valid", await VerifyAsync(bHttp, code));
        Assert.False(await RevokedInStatusListAsync(bHttp, index));

        // An admin (two-step sign-in) revokes it through A's admin page.
        var admin = $"scale-admin-{Guid.NewGuid():N}@test.example";
        const string key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await CreateUserAsync(db, admin, Roles.Admin, authenticatorKey: key);
        using var throughA = new PageClient(a.Client(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }));
        var (login, _) = await throughA.SubmitAsync("/accounts/login", new Dictionary<string, string> { ["Input.Email"] = admin, ["Input.Password"] = AppFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var (second, secondPage) = await throughA.SubmitAsync(login.Headers.Location!.OriginalString,
            new Dictionary<string, string> { ["Input.Code"] = TestTotp.Code(key, TestTotp.Step(DateTimeOffset.UtcNow)) });
        Assert.True(second.StatusCode == HttpStatusCode.Redirect, secondPage.QuerySelector(".error-summary")?.TextContent);
        var (revoked, revokedPage) = await throughA.SubmitAsync($"/admin/certificates?q={code}",
            new Dictionary<string, string> { ["Reason"] = "Issued in error (scale-out test)", ["NewStatus"] = "Revoked", ["Confirmed"] = "true" });
        Assert.True(revoked.StatusCode == HttpStatusCode.Redirect, $"{(int)revoked.StatusCode} {revokedPage.QuerySelector(".field-error")?.TextContent}");

        // B reads it revoked on the very next request: neither instance caches status in memory; the only cache
        // is the HTTP max-age on the signed status list (5 minutes), which the response states.
        Assert.Equal("revoked", await VerifyAsync(bHttp, code));
        Assert.True(await RevokedInStatusListAsync(bHttp, index));
        using var jwtCheck = await bHttp.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt });
        var view = await jwtCheck.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(view.GetProperty("valid").GetBoolean());
    }

    private static async Task<string> VerifyAsync(HttpClient http, string code)
    {
        using var response = await http.GetAsync($"/api/v1/verifications/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    private static async Task<bool> RevokedInStatusListAsync(HttpClient http, int index)
    {
        using var response = await http.GetAsync("/status/revocation/1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.CacheControl?.MaxAge);
        var payload = (await response.Content.ReadAsStringAsync()).Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        var subject = JsonNode.Parse(Convert.FromBase64String(payload))!["credentialSubject"]!;
        return BitstringStatusList.Decode(subject["encodedList"]!.GetValue<string>()).Get(index);
    }

    /// <summary>An account as the app stores one (PBKDF2 hash, role, optional authenticator key), written from the test.</summary>
    private static async Task CreateUserAsync(string db, string email, string role, string givenName = "Test", string? authenticatorKey = null)
    {
        var id = Guid.NewGuid();
        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), AppFactory.Password);
        var twoFactor = authenticatorKey is null ? "false" : "true";
        await Sql.ExecuteAsync(db, $"""
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PhoneNumberConfirmed",
                "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "GivenName", "FamilyName", "Profession", "TimeZoneId", "CreatedAt", "SecurityStamp", "ConcurrencyStamp", "PasswordHash")
            VALUES ('{id}', '{email}', upper('{email}'), '{email}', upper('{email}'), true, false, {twoFactor}, true, 0, '{givenName}', '{role}', 'Counselor', 'UTC', now(), '{Guid.NewGuid():N}', '{Guid.NewGuid()}', '{hash}');
            INSERT INTO licenses ("Id", "UserId", "IssuingAuthority", "Number") VALUES (gen_random_uuid(), '{id}', 'Test Board', 'T-1');
            INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") SELECT '{id}', "Id" FROM "AspNetRoles" WHERE "NormalizedName" = upper('{role}');
            """);
        if (authenticatorKey is not null)
        {
            await Sql.ExecuteAsync(db, $"""INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES ('{id}', '[AspNetUserStore]', 'AuthenticatorKey', '{authenticatorKey}')""");
        }
    }

    /// <summary>A handler whose connections come from the given loopback address (a distinct client for rate limits).</summary>
    private static SocketsHttpHandler FromAddress(IPAddress source) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    [GeneratedRegex("\"ServerId\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex ServerId();
}
