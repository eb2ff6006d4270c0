using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Credentials;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.IntegrationTests.Features.Certificates;

public sealed class OpenBadgeCredentialTests(AppFixture fixture) : AppTest(fixture)
{
    private async Task<(AppUser User, PageClient Client, Certificate Certificate)> CertifiedAsync()
    {
        await Factory.PublishContentAsync();
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        Guid claimId;
        using (var scope = Factory.Services.CreateScope())
        {
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
            await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 1, CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 2, CancellationToken.None);
            var (attempt, _) = await quizzes.StartAsync(user.Id, "sample-course", CancellationToken.None);
            await quizzes.SubmitAsync(user.Id, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
                q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
            var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
            await credits.SubmitEvaluationAsync(user.Id, "sample-course", new EvaluationInput(5, true, 5, null, TestCommitments.Sample, TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None);
            claimId = (await credits.ClaimAsync(user.Id, "sample-course", "naadac", 0.25m, true, CancellationToken.None)).ClaimId!.Value;
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(claimId, null, CancellationToken.None);
        }
        var certificate = await QueryAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.UserId == user.Id));
        var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        return (user, client, certificate);
    }

    [Fact]
    public async Task WalletJson_IsTheSignedCredentialWithoutJwtClaims_PlusTheJwt_AndOnlyForItsHolder()
    {
        var (_, client, certificate) = await CertifiedAsync();
        var wallet = JsonNode.Parse(await client.Http.GetStringAsync($"/certificates/{certificate.Id}/badge.json"))!.AsObject();
        Assert.Equal(certificate.CredentialJwt, wallet["jwt"]!.GetValue<string>());
        var credential = wallet["credential"]!.AsObject();
        var signed = JsonNode.Parse(Decode(certificate.CredentialJwt!.Split('.')[1]))!.AsObject();
        foreach (var claim in new[] { "iss", "jti", "sub", "nbf", "exp" })
        {
            Assert.False(credential.ContainsKey(claim), claim);
            signed.Remove(claim);
        }
        Assert.True(JsonNode.DeepEquals(signed, credential), "the wallet JSON differs from the signed credential");
        Assert.Contains("OpenBadgeCredential", credential["type"]!.AsArray().Select(t => t!.GetValue<string>()));

        var other = await Factory.CreateUserAsync(Roles.Clinician);
        var stranger = PageClient.For(Factory);
        await stranger.SignInAsync(other.Email!);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/certificates/{certificate.Id}/badge.json")).StatusCode);
    }

    [Fact]
    public async Task IssuedBadge_IsAnES256VcJwt_ThatJoseVerifiesWithThePublishedKey()
    {
        var (_, client, certificate) = await CertifiedAsync();
        var jwt = await client.Http.GetStringAsync($"/certificates/{certificate.Id}/badge.jwt");
        Assert.Equal(certificate.CredentialJwt, jwt);

        var parts = jwt.Split('.');
        var header = JsonNode.Parse(Decode(parts[0]))!.AsObject();
        Assert.Equal(["alg", "kid", "typ"], header.Select(p => p.Key).Order());
        Assert.Equal(("ES256", "JWT"), (header["alg"]!.GetValue<string>(), header["typ"]!.GetValue<string>()));
        var payload = JsonNode.Parse(Decode(parts[1]))!.AsObject();
        Assert.Equal(payload["issuer"]!["id"]!.GetValue<string>(), payload["iss"]!.GetValue<string>());
        Assert.Equal(payload["id"]!.GetValue<string>(), payload["jti"]!.GetValue<string>());
        Assert.Equal(payload["credentialSubject"]!["id"]!.GetValue<string>(), payload["sub"]!.GetValue<string>());
        Assert.Contains("OpenBadgeCredential", payload["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(0.25m, payload["credentialSubject"]!["creditsEarned"]!.GetValue<decimal>());
        Assert.Equal(certificate.StatusListIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), payload["credentialStatus"]![0]!["statusListIndex"]!.GetValue<string>());

        // The kid is an absolute URL on this site that returns exactly one public JWK.
        var kid = new Uri(header["kid"]!.GetValue<string>());
        using var anonymous = Factory.CreateClient();
        var jwk = JsonNode.Parse(await anonymous.GetStringAsync(kid.PathAndQuery))!.AsObject();
        Assert.False(jwk.ContainsKey("d"), "the published key contains the private part");
        Assert.Equal(("EC", "P-256"), (jwk["kty"]!.GetValue<string>(), jwk["crv"]!.GetValue<string>()));

        var (exitCode, output) = await JoseAsync(jwt, jwk.ToJsonString());
        Assert.True(exitCode == 0, output);

        // Our own verifier endpoint agrees, and names each check.
        var verified = await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt });
        var view = await verified.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("valid").GetBoolean(), view.ToString());
    }

    [Fact]
    public async Task Revoking_PutsTheIndexInTheSignedStatusList_AndTheVerifierReportsIt()
    {
        var (_, client, certificate) = await CertifiedAsync();
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CertificateStatusService>().ChangeAsync(certificate.Id, CertificateStatus.Revoked, "Issued in error", admin.Id, CancellationToken.None));
        }
        using var anonymous = Factory.CreateClient();
        var list = await anonymous.GetStringAsync("/status/revocation/1");
        var listPayload = JsonNode.Parse(Decode(list.Split('.')[1]))!.AsObject();
        var encoded = listPayload["credentialSubject"]!["encodedList"]!.GetValue<string>();
        var bits = BitstringStatusList.Decode(encoded);
        Assert.True(bits.Get(certificate.StatusListIndex));

        var verified = await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt = certificate.CredentialJwt });
        var view = await verified.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(view.GetProperty("valid").GetBoolean());
        Assert.Contains(view.GetProperty("checks").EnumerateArray(), c => !c.GetProperty("passed").GetBoolean() && c.GetProperty("detail").GetString()!.Contains("revoked", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Suspend, reinstate, revoke: after each step the code API, the verify page, the bulk check, the JWT check and an independent
    /// verifier (Node, reading the signed status lists the site publishes) all give the same answer.
    /// </summary>
    [Fact]
    public async Task EveryVerificationSurface_AgreesThroughSuspendReinstateAndRevoke()
    {
        var (_, client, certificate) = await CertifiedAsync();
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var anonymous = Factory.CreateClient();
        var payload = JsonNode.Parse(Decode(certificate.CredentialJwt!.Split('.')[1]))!.AsObject();
        var entries = payload["credentialStatus"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["revocation", "suspension"], entries.Select(e => e["statusPurpose"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal(certificate.StatusListIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), e["statusListIndex"]!.GetValue<string>()));
        Assert.EndsWith("/status/suspension/1", entries[1]["statusListCredential"]!.GetValue<string>());
        var kid = JsonNode.Parse(Decode(certificate.CredentialJwt.Split('.')[0]))!["kid"]!.GetValue<string>();
        var jwk = await anonymous.GetStringAsync(new Uri(kid).PathAndQuery);

        async Task<string[]> SurfacesAsync()
        {
            var api = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/verifications/{certificate.VerificationCode}");
            var page = await anonymous.GetStringAsync($"/verify/{certificate.VerificationCode}");
            var pageStatus = page.Contains("Revoked on", StringComparison.Ordinal) ? "revoked"
                : page.Contains("Suspended on", StringComparison.Ordinal) ? "suspended" : "valid";
            var bulk = (await QueryAsync(db => ReferralTraining.Web.Features.Verification.VerificationService.VerifyManyAsync(db, [certificate.VerificationCode], CancellationToken.None)))[0].Status;
            var jwtCheck = await (await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt = certificate.CredentialJwt })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(jwtCheck.GetProperty("status").GetString() == "valid", jwtCheck.GetProperty("valid").GetBoolean());
            var lists = new JsonObject();
            foreach (var entry in entries)
            {
                var url = entry["statusListCredential"]!.GetValue<string>();
                lists[url] = await anonymous.GetStringAsync(new Uri(url).PathAndQuery);
            }
            var (exitCode, output) = await JoseAsync(certificate.CredentialJwt, jwk, lists.ToJsonString());
            Assert.True(exitCode == 0, output);
            var node = JsonNode.Parse(output)!["status"]!.GetValue<string>();
            return [api.GetProperty("status").GetString()!, pageStatus, bulk, jwtCheck.GetProperty("status").GetString()!, node];
        }

        async Task ChangeAsync(CertificateStatus to, string reason)
        {
            using var scope = Factory.Services.CreateScope();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CertificateStatusService>().ChangeAsync(certificate.Id, to, reason, admin.Id, CancellationToken.None));
        }

        Assert.Equal(Enumerable.Repeat("valid", 5), await SurfacesAsync());
        await ChangeAsync(CertificateStatus.Suspended, "Audit of attendance records in progress");
        Assert.Equal(Enumerable.Repeat("suspended", 5), await SurfacesAsync());
        await ChangeAsync(CertificateStatus.Active, "Attendance records confirmed");
        Assert.Equal(Enumerable.Repeat("valid", 5), await SurfacesAsync());
        await ChangeAsync(CertificateStatus.Suspended, "Second audit of attendance records");
        await ChangeAsync(CertificateStatus.Revoked, "Completion could not be confirmed");
        Assert.Equal(Enumerable.Repeat("revoked", 5), await SurfacesAsync());
    }

    [Fact]
    public async Task AnOlderCredential_WithoutASuspensionEntry_IsStillReportedSuspended_ByTheJwtCheckAndTheCodeApi()
    {
        var (_, _, certificate) = await CertifiedAsync();
        // Re-sign the certificate's credential as issued before suspension entries: one revocation entry, as an object.
        var old = OpenBadgeBuilder.Build(certificate.Document, Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CredentialsOptions>>().Value);
        old["credentialStatus"] = old["credentialStatus"]!.AsArray()[0]!.DeepClone();
        string jwt;
        using (var scope = Factory.Services.CreateScope())
        {
            jwt = await scope.ServiceProvider.GetRequiredService<IssuerKeyStore>().SignAsync(old);
            var admin = await Factory.CreateUserAsync(Roles.Admin);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CertificateStatusService>().ChangeAsync(certificate.Id, CertificateStatus.Suspended, "Audit in progress", admin.Id, CancellationToken.None));
        }
        using var anonymous = Factory.CreateClient();
        var view = await (await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(view.GetProperty("valid").GetBoolean(), view.ToString());
        Assert.Equal("suspended", view.GetProperty("status").GetString());
        var api = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/verifications/{certificate.VerificationCode}");
        Assert.Equal("suspended", api.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PdfOfARevokedOrSuspendedCertificate_SaysSoAtTheTop_AndKeepsTheVerifyLink()
    {
        var (_, client, certificate) = await CertifiedAsync();
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        async Task<string> PdfTextAsync()
        {
            var bytes = await client.Http.GetByteArrayAsync($"/certificates/{certificate.Id}/pdf");
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
            return string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        }
        var clean = await PdfTextAsync();
        Assert.DoesNotContain("SUSPENDED", clean, StringComparison.Ordinal);
        Assert.DoesNotContain("REVOKED", clean, StringComparison.Ordinal);

        async Task ChangeAsync(CertificateStatus to, string reason)
        {
            using var scope = Factory.Services.CreateScope();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CertificateStatusService>().ChangeAsync(certificate.Id, to, reason, admin.Id, CancellationToken.None));
        }
        await ChangeAsync(CertificateStatus.Suspended, "Audit of attendance records");
        var suspended = await PdfTextAsync();
        Assert.Contains("SUSPENDED", suspended, StringComparison.Ordinal);
        Assert.Contains("not valid while suspended", suspended, StringComparison.Ordinal);
        Assert.Contains("Audit of attendance records", suspended, StringComparison.Ordinal);
        Assert.Contains($"/verify/{certificate.VerificationCode}", suspended, StringComparison.Ordinal);

        await ChangeAsync(CertificateStatus.Revoked, "Completion could not be confirmed");
        var revoked = await PdfTextAsync();
        Assert.Contains("REVOKED", revoked, StringComparison.Ordinal);
        Assert.Contains("no longer valid", revoked, StringComparison.Ordinal);
        Assert.DoesNotContain("SUSPENDED", revoked, StringComparison.Ordinal);
        Assert.Contains($"/verify/{certificate.VerificationCode}", revoked, StringComparison.Ordinal);
        // The verify link on the PDF answers, and says revoked.
        using var anonymous = Factory.CreateClient();
        Assert.Contains("Revoked on", await anonymous.GetStringAsync($"/verify/{certificate.VerificationCode}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AchievementId_AnswersJsonForJsonClients_AndAPageForBrowsers()
    {
        var (_, _, certificate) = await CertifiedAsync();
        var payload = JsonNode.Parse(Decode(certificate.CredentialJwt!.Split('.')[1]))!.AsObject();
        var achievementId = new Uri(payload["credentialSubject"]!["achievement"]!["id"]!.GetValue<string>());
        using var anonymous = Factory.CreateClient();

        using var jsonRequest = new HttpRequestMessage(HttpMethod.Get, achievementId.PathAndQuery);
        jsonRequest.Headers.Accept.ParseAdd("application/json");
        var json = await anonymous.SendAsync(jsonRequest);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var achievement = JsonNode.Parse(await json.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(achievementId.ToString(), achievement["id"]!.GetValue<string>());
        Assert.Contains("Achievement", achievement["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(payload["credentialSubject"]!["achievement"]!["name"]!.GetValue<string>(), achievement["name"]!.GetValue<string>());
        Assert.Equal(payload["credentialSubject"]!["achievement"]!["criteria"]!["narrative"]!.GetValue<string>(), achievement["criteria"]!["narrative"]!.GetValue<string>());
        // The credit the credential names is one of those the achievement describes.
        var creditId = payload["credentialSubject"]!["result"]![0]!["resultDescription"]!.GetValue<string>();
        Assert.Contains(achievement["resultDescription"]!.AsArray(), d => d!["id"]!.GetValue<string>() == creditId);

        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, achievementId.PathAndQuery);
        pageRequest.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var page = await anonymous.SendAsync(pageRequest);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(achievement["name"]!.GetValue<string>()), html, StringComparison.Ordinal);
        Assert.Contains("NAADAC", html, StringComparison.Ordinal);

        using var missing = new HttpRequestMessage(HttpMethod.Get, achievementId.PathAndQuery.Replace("/versions/", "/versions/9", StringComparison.Ordinal));
        missing.Headers.Accept.ParseAdd("application/json");
        var notFound = await anonymous.SendAsync(missing);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
        // The refusal names the course by its title, never its id.
        var detail = JsonNode.Parse(await notFound.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        Assert.StartsWith("\"Sample course for tests\" has no version 9", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("sample-course", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusIndexes_AreHandedOutOnce_InRandomOrder_EvenConcurrently()
    {
        // Four concurrent issuers (scopes) drawing 500 each: no index twice, all in list 1, no visible order.
        var draws = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var scope = Factory.Services.CreateScope();
            var allocator = scope.ServiceProvider.GetRequiredService<StatusListAllocator>();
            var mine = new List<(int List, int Index)>();
            for (var i = 0; i < 500; i++)
            {
                mine.Add(await allocator.NextAsync());
            }
            return mine;
        })));
        var all = draws.SelectMany(d => d).ToList();
        Assert.Equal(2000, all.Distinct().Count());
        Assert.All(all, d => Assert.Equal(1, d.List));
        Assert.All(all, d => Assert.InRange(d.Index, 0, StatusListAllocator.ListSize - 1));
        var indexes = all.Select(d => d.Index).ToList();
        Assert.True(indexes.Max() - indexes.Min() > StatusListAllocator.ListSize / 2, "indexes are spread over the list");
        Assert.True(indexes.Zip(indexes.Skip(1)).Count(p => p.Second > p.First) is > 800 and < 1200, "no ascending or descending run");
    }

    [Fact]
    public async Task AFullList_OpensTheNextOne_WhichIsPublished_Signed_AndRevocable()
    {
        using (var scope = Factory.Services.CreateScope())
        {
            // Hand out list 1's last position: the next certificate is the first of list 2.
            await scope.ServiceProvider.GetRequiredService<StatusListAllocator>().NextAsync();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var last = await db.Set<StatusListSlot>().Where(s => s.List == 1).MaxAsync(s => s.Position);
            await db.Database.ExecuteSqlAsync($"SELECT setval('status_list_position', {last}, false)");
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<StatusListAllocator>().NextAsync()).List);
        }
        var (_, _, certificate) = await CertifiedAsync();
        Assert.Equal(2, certificate.StatusList);
        Assert.Equal(2, certificate.Document.StatusList);
        var payload = JsonNode.Parse(Decode(certificate.CredentialJwt!.Split('.')[1]))!.AsObject();
        Assert.EndsWith("/status/revocation/2", payload["credentialStatus"]![0]!["statusListCredential"]!.GetValue<string>());
        Assert.EndsWith($"/status/revocation/2#{certificate.StatusListIndex}", payload["credentialStatus"]![0]!["id"]!.GetValue<string>());
        Assert.EndsWith("/status/suspension/2", payload["credentialStatus"]![1]!["statusListCredential"]!.GetValue<string>());

        using var anonymous = Factory.CreateClient();
        var valid = await (await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt = certificate.CredentialJwt })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(valid.GetProperty("valid").GetBoolean(), valid.ToString());

        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CertificateStatusService>().ChangeAsync(certificate.Id, CertificateStatus.Revoked, "Issued in error", admin.Id, CancellationToken.None));
        }
        async Task<(JsonObject Payload, BitstringStatusList Bits)> ListAsync(int number)
        {
            var jwt = await anonymous.GetStringAsync($"/status/revocation/{number}");
            var list = JsonNode.Parse(Decode(jwt.Split('.')[1]))!.AsObject();
            return (list, BitstringStatusList.Decode(list["credentialSubject"]!["encodedList"]!.GetValue<string>()));
        }
        var (secondPayload, second) = await ListAsync(2);
        Assert.EndsWith("/status/revocation/2", secondPayload["id"]!.GetValue<string>());
        Assert.True(second.Get(certificate.StatusListIndex));
        Assert.False((await ListAsync(1)).Bits.Get(certificate.StatusListIndex), "the revocation is in list 2 only");

        var revoked = await (await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt = certificate.CredentialJwt })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(revoked.GetProperty("valid").GetBoolean(), revoked.ToString());
        Assert.Contains(revoked.GetProperty("checks").EnumerateArray(), c => !c.GetProperty("passed").GetBoolean() && c.GetProperty("detail").GetString()!.Contains("revoked", StringComparison.OrdinalIgnoreCase));

        // A list that does not exist yet is a 404 problem, not an empty list a verifier would read as "not revoked".
        var missing = await anonymous.GetAsync("/status/revocation/3");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/status/revocation/0")).StatusCode);
    }

    [Fact]
    public async Task ANewList_LeavesOutIndexesAlreadyHeldByCertificates()
    {
        // As after an upgrade: a certificate holds an index of list 1, and list 1's slots are (re)created afterwards.
        var (_, _, certificate) = await CertifiedAsync();
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.ExecuteSqlAsync($"DELETE FROM status_list_slots");
        await db.Database.ExecuteSqlAsync($"SELECT setval('status_list_position', 0, false)");
        var drawn = await scope.ServiceProvider.GetRequiredService<StatusListAllocator>().NextAsync();
        Assert.Equal(1, drawn.List);
        Assert.NotEqual(certificate.StatusListIndex, drawn.Index);
        Assert.Equal(StatusListAllocator.ListSize - 1, await db.Set<StatusListSlot>().CountAsync(s => s.List == 1));
        Assert.False(await db.Set<StatusListSlot>().AnyAsync(s => s.List == 1 && s.Index == certificate.StatusListIndex));
    }

    [Fact]
    public async Task TheFirstIssuerKey_IsCreatedOnce_WhenManyAskAtTheSameMoment()
    {
        // As on a fresh deployment where several workers sign at once: one key row, every signer uses it.
        Factory.Services.GetRequiredService<CurrentIssuerKeyCache>().Clear();
        var kids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var scope = Factory.Services.CreateScope();
            using var key = await scope.ServiceProvider.GetRequiredService<IssuerKeyStore>().GetSigningKeyAsync();
            return key.Kid;
        })));
        Assert.Single(kids.Distinct());
        Assert.Equal(1, await QueryAsync(db => db.Set<IssuerKey>().CountAsync()));
        Assert.EndsWith(await QueryAsync(db => db.Set<IssuerKey>().Select(k => k.Id).SingleAsync()), kids[0]);
    }

    [Fact]
    public async Task TamperedJwts_AreRejectedWithTheReason()
    {
        var (_, _, certificate) = await CertifiedAsync();
        var parts = certificate.CredentialJwt!.Split('.');
        var payload = JsonNode.Parse(Decode(parts[1]))!.AsObject();
        payload["credentialSubject"]!["creditsEarned"] = 40;
        var changed = $"{parts[0]}.{Encode(payload.ToJsonString())}.{parts[2]}";
        var none = $"{Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";
        using var anonymous = Factory.CreateClient();
        foreach (var jwt in new[] { changed, none })
        {
            var response = await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt });
            var view = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(view.GetProperty("valid").GetBoolean(), jwt);
        }
        var garbage = await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt = "not a jwt" });
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task CertificatePdf_AndTranscript_DownloadForTheHolderOnly()
    {
        var (_, client, certificate) = await CertifiedAsync();
        var pdf = await client.Http.GetAsync($"/certificates/{certificate.Id}/pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        var transcript = await client.Http.GetAsync("/certificates/transcript.pdf?from=2000-01-01");
        Assert.Equal("application/pdf", transcript.Content.Headers.ContentType?.MediaType);

        var other = await Factory.CreateUserAsync(Roles.Clinician);
        using var stranger = PageClient.For(Factory);
        await stranger.SignInAsync(other.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/certificates/{certificate.Id}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/certificates/{certificate.Id}/badge.jwt")).StatusCode);
    }

    [Fact]
    public async Task JwtCheck_NamesAForeignIssuer_AndAJsonCredential_ApartFromTamperedAndMalformed()
    {
        var (_, _, certificate) = await CertifiedAsync();
        using var anonymous = Factory.CreateClient();
        var foreign = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = "http://example.edu/credentials/3732",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject { ["id"] = "https://example.edu/issuers/565049", ["type"] = new JsonArray("Profile"), ["name"] = "Example University" },
            ["validFrom"] = "2010-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:ebfeb1f712ebc6f1c276e12ec21", ["type"] = new JsonArray("AchievementSubject") },
        };
        var foreignJwt = $"{Encode("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}}")}.{Encode(foreign.ToJsonString())}.c2lnbmF0dXJl";

        var byJwt = await (await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt = foreignJwt })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(byJwt.GetProperty("valid").GetBoolean());
        Assert.Equal("foreign-issuer", byJwt.GetProperty("status").GetString());
        Assert.Contains("issued by Example University", byJwt.GetProperty("checks")[0].GetProperty("detail").GetString());

        // The credential itself posted as JSON: recognised, not a 400 about the request's shape.
        var asJson = await anonymous.PostAsync("/api/v1/verifications/jwt", new StringContent(foreign.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, asJson.StatusCode);
        Assert.Equal("foreign-issuer", (await asJson.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var ownJson = await anonymous.PostAsync("/api/v1/verifications/jwt", new StringContent(Decode(certificate.CredentialJwt!.Split('.')[1]), Encoding.UTF8, "text/plain"));
        Assert.Equal("json-credential", (await ownJson.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // Our own credential, changed after signing: tampered, not foreign.
        var parts = certificate.CredentialJwt!.Split('.');
        var payload = JsonNode.Parse(Decode(parts[1]))!.AsObject();
        payload["credentialSubject"]!["creditsEarned"] = 40;
        var tampered = await (await anonymous.PostAsJsonAsync("/api/v1/verifications/jwt", new { jwt = $"{parts[0]}.{Encode(payload.ToJsonString())}.{parts[2]}" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid", tampered.GetProperty("status").GetString());
        Assert.Contains(tampered.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "signature" && !c.GetProperty("passed").GetBoolean());

        // The wallet JSON file pasted as text verifies the JWT inside it.
        var wallet = new JsonObject { ["credential"] = JsonNode.Parse(Decode(parts[1])), ["jwt"] = certificate.CredentialJwt };
        var fromWallet = await anonymous.PostAsync("/api/v1/verifications/jwt", new StringContent(wallet.ToJsonString(), Encoding.UTF8, "text/plain"));
        Assert.Equal("valid", (await fromWallet.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsync("/api/v1/verifications/jwt", new StringContent("{broken", Encoding.UTF8, "text/plain"))).StatusCode);
    }

    private static string Decode(string part)
    {
        var s = part.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Encoding.UTF8.GetString(Convert.FromBase64String(s));
    }

    private static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task<(int ExitCode, string Output)> JoseAsync(string jwt, string jwk, string? lists = null)
    {
        var folder = Directory.CreateTempSubdirectory("rt-jose-it-");
        var jwtPath = Path.Combine(folder.FullName, "c.jwt");
        var jwkPath = Path.Combine(folder.FullName, "k.json");
        await File.WriteAllTextAsync(jwtPath, jwt);
        await File.WriteAllTextAsync(jwkPath, jwk);
        var start = new ProcessStartInfo("node") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine("tests", "node-verifier", "verify.mjs"));
        start.ArgumentList.Add(jwtPath);
        start.ArgumentList.Add(jwkPath);
        if (lists is not null)
        {
            var listsPath = Path.Combine(folder.FullName, "lists.json");
            await File.WriteAllTextAsync(listsPath, lists);
            start.ArgumentList.Add(listsPath);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
