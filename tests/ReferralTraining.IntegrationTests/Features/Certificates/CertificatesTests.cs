using AngleSharp.Dom;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.IntegrationTests.Features.Certificates;

public sealed class CertificatesTests(AppFixture fixture) : AppTest(fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    /// <summary>A counselor who read the sample course and passed its quiz.</summary>
    private async Task<(AppUser User, PageClient Client)> GraduateAsync(Profession profession = Profession.Counselor)
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Profession, profession));
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            var quizzes = scope.ServiceProvider.GetRequiredService<QuizService>();
            await courses.EnrollAsync(user.Id, "sample-course", CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 1, CancellationToken.None);
            await courses.RecordReadingAsync(user.Id, "sample-course", 2, CancellationToken.None);
            var (attempt, _) = await quizzes.StartAsync(user.Id, "sample-course", CancellationToken.None);
            await quizzes.SubmitAsync(user.Id, attempt!.Id, attempt.Questions.Select(q => new SavedAnswer(q.QuestionId,
                q.Type == QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
        }
        var client = PageClient.For(Factory);
        await client.SignInAsync(user.Email!);
        return (user, client);
    }

    private static Dictionary<string, string> Evaluation() => new()
    {
        ["Evaluation.Relevance"] = "5", ["Evaluation.FreeOfBias"] = "true", ["Evaluation.ObjectivesMet"] = "4", ["Evaluation.Comment"] = "Useful.",
        ["Evaluation.ObjectivesMetEach[obj-one]"] = "Yes", ["Evaluation.ObjectivesMetEach[obj-two]"] = "Partly", ["Evaluation.Intent"] = "Yes",
        ["Evaluation.Commitments[0].PracticeId"] = "first-practice", ["Evaluation.Commitments[0].Text"] = "Try the first thing with two patients",
        ["Evaluation.Commitments[0].ExpectedPatients"] = "4", ["Evaluation.Commitments[0].Confidence"] = "4",
    };

    private Task<Certificate> WaitForCertificateAsync(Guid userId) =>
        Eventually.ValueAsync(() => QueryAsync(db => db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == userId)),
            "the issuing job's certificate");

    [Fact]
    public async Task CompletingTheCourse_EvaluatingAndClaiming_IssuesOneCertificateThatBoardsCanVerify()
    {
        var (user, client) = await GraduateAsync();
        var (evaluated, _) = await client.SubmitAsync("/certificates/claim/sample-course", Evaluation(), "form[action*=Evaluate]");
        Assert.Equal(HttpStatusCode.Redirect, evaluated.StatusCode);

        var (claimed, _) = await client.SubmitAsync("/certificates/claim/sample-course", new Dictionary<string, string>
        {
            ["Claim.CreditTypeId"] = "naadac", ["Claim.Amount"] = "0.25", ["Claim.Attested"] = "true",
        }, "form[action*=Claim]");
        Assert.Equal("/certificates", claimed.Headers.Location?.ToString());

        var certificate = await WaitForCertificateAsync(user.Id);
        var award = await QueryAsync(db => db.CreditAwards.SingleAsync());
        var version = await QueryAsync(db => db.CourseVersions.SingleAsync());
        Assert.Equal((version.Id, version.ContentHash, 0.25m, "naadac"), (award.CourseVersionId, award.ContentHash, award.Amount, award.CreditTypeId));
        Assert.Equal(("sample-course", "1.0.0", version.ContentHash), (certificate.Document.CourseId, certificate.Document.CourseVersion, certificate.Document.ContentHash));
        Assert.Equal("NAADAC CE hours", certificate.Document.CreditUnit);
        Assert.Contains("NAADAC Approved Education Provider", certificate.Document.AccreditationStatement, StringComparison.Ordinal);
        Assert.NotNull(VerificationCode.Normalize(certificate.VerificationCode));
        await Fixture.Smtp.WaitForMessageAsync(user.Email!, m => m.Subject?.StartsWith("Your certificate", StringComparison.Ordinal) == true);

        // A board verifies it without signing in, by typing the code sloppily.
        using var board = Factory.CreateClient();
        var response = await board.GetAsync($"/api/v1/verifications/{certificate.VerificationCode.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<VerificationResult>(Json);
        Assert.Equal((VerificationService.Valid, "Test Clinician", "Sample course for tests", 0.25m), (result!.Status, result.HolderName, result.CourseTitle, result.Credits));
        await AssertLookupMatchesDocumentAsync(certificate.VerificationCode, result);
        var (_, page) = await PageClient.For(Factory).GetAsync($"/verify/{certificate.VerificationCode}");
        Assert.Equal("Valid", page.QuerySelector("[data-testid=verify-status]")!.TextContent);
        // The verify page shows the disclosures learners were shown for this exact version (issue 22 item 2).
        var disclosures = page.QuerySelector("#disclosures")?.TextContent ?? "";
        Assert.Contains("Fictional Pharma Inc.: Advisory board member. Mitigated: Content reviewed by a reviewer with no financial relationships (by Test Reviewer).", disclosures, StringComparison.Ordinal);
        Assert.Contains("All relevant financial relationships listed above have been mitigated.", disclosures, StringComparison.Ordinal);

        var (_, mine) = await client.GetAsync("/certificates");
        Assert.NotNull(mine.QuerySelector($"tr[data-code='{certificate.VerificationCode}']"));
    }

    [Theory]
    [InlineData("naadac", "0.75", "true", "Claim_Amount", "The most you can claim is 0.25 NAADAC CE hours.")]
    [InlineData("naadac", "0.1", "true", "Claim_Amount", "Claim in steps of 0.25 NAADAC CE hours.")]
    [InlineData("naadac", "0.25", "false", "", "Confirm that you completed the activity yourself")]
    [InlineData("ama-pra-1", "0.25", "true", "", "Choose a type of credit offered for your profession.")]
    public async Task InvalidClaims_AreExplained_AndWriteNothing(string type, string amount, string attested, string field, string message)
    {
        var (_, client) = await GraduateAsync();
        await client.SubmitAsync("/certificates/claim/sample-course", Evaluation(), "form[action*=Evaluate]");
        var form = new Dictionary<string, string> { ["Claim.CreditTypeId"] = type, ["Claim.Amount"] = amount };
        if (attested == "true")
        {
            form["Claim.Attested"] = "true";
        }
        var (response, page) = await client.SubmitAsync("/certificates/claim/sample-course", form, "form[action*=Claim]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        if (field.Length > 0)
        {
            Assert.NotNull(page.QuerySelector($".error-summary a[href='#{field}']"));
        }
        Assert.Equal(0, await QueryAsync(db => db.CreditClaims.CountAsync()));
    }

    [Fact]
    public async Task ClaimBeforeFinishing_IsRefused()
    {
        var user = await Factory.CreateUserAsync(Roles.Clinician);
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(user.Id, "sample-course", CancellationToken.None);
            var (claim, errors) = await scope.ServiceProvider.GetRequiredService<CreditService>().ClaimAsync(user.Id, "sample-course", "naadac", 0.25m, true, CancellationToken.None);
            Assert.Null(claim);
            Assert.Contains("Finish the course first", errors.Single().Message, StringComparison.Ordinal);
        }
        Assert.Equal(0, await QueryAsync(db => db.CreditClaims.CountAsync()));
    }

    [Fact]
    public async Task Issuing_RunConcurrently_AndAfterACrashBetweenAwardAndCertificate_LeavesExactlyOneOfEach()
    {
        var (user, _) = await GraduateAsync();
        Guid claimId;
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CreditService>().SubmitEvaluationAsync(user.Id, "sample-course", new EvaluationInput(4, true, 4, null, TestCommitments.Sample, TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None);
            claimId = (await scope.ServiceProvider.GetRequiredService<CreditService>().ClaimAsync(user.Id, "sample-course", "naadac", 0.25m, true, CancellationToken.None)).ClaimId!.Value;
        }
        // The enqueued job runs too; add five more concurrent runs of the same issuing.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var scope = Factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(claimId, null, CancellationToken.None);
        }));
        await WaitForCertificateAsync(user.Id);
        await Task.Delay(500);
        Assert.Equal(1, await QueryAsync(db => db.CreditAwards.CountAsync()));
        Assert.Equal(1, await QueryAsync(db => db.Certificates.CountAsync()));

        // Simulated crash: an award was written, the process died before the certificate.
        var other = await Factory.CreateUserAsync(Roles.Clinician);
        Guid crashedClaim;
        using (var scope = Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var enrollment = await scope.ServiceProvider.GetRequiredService<CourseService>().EnrollAsync(other.Id, "sample-course", CancellationToken.None);
            var version = await db.CourseVersions.SingleAsync();
            crashedClaim = Guid.NewGuid();
            db.CreditClaims.Add(new CreditClaim { Id = crashedClaim, EnrollmentId = enrollment!.Value, UserId = other.Id, CourseVersionId = version.Id, CreditTypeId = "naadac", Amount = 0.25m, AttestedAt = DateTimeOffset.UtcNow });
            db.CreditAwards.Add(new CreditAward { Id = Guid.NewGuid(), ClaimId = crashedClaim, EnrollmentId = enrollment.Value, UserId = other.Id, CourseVersionId = version.Id, ContentHash = version.ContentHash, CreditTypeId = "naadac", Amount = 0.25m, AwardedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        using (var scope = Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(crashedClaim, null, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(crashedClaim, null, CancellationToken.None);
        }
        Assert.Equal(1, await QueryAsync(db => db.CreditAwards.CountAsync(a => a.UserId == other.Id)));
        Assert.Equal(1, await QueryAsync(db => db.Certificates.CountAsync(c => c.UserId == other.Id)));
    }

    [Fact]
    public async Task AdminRevocation_KeepsTheRecord_ShowsDateAndReason_AndIsAudited()
    {
        var (user, client) = await GraduateAsync();
        await client.SubmitAsync("/certificates/claim/sample-course", Evaluation(), "form[action*=Evaluate]");
        await client.SubmitAsync("/certificates/claim/sample-course", new Dictionary<string, string>
        {
            ["Claim.CreditTypeId"] = "naadac", ["Claim.Amount"] = "0.25", ["Claim.Attested"] = "true",
        }, "form[action*=Claim]");
        var certificate = await WaitForCertificateAsync(user.Id);

        var admin = await Factory.CreateUserAsync(Roles.Admin);
        using var adminClient = PageClient.For(Factory);
        await adminClient.SignInAsync(admin.Email!);
        var search = $"/admin/certificates?q={certificate.VerificationCode}";
        var (tooShort, tooShortPage) = await adminClient.SubmitAsync(search, new Dictionary<string, string> { ["NewStatus"] = "Revoked", ["Reason"] = "no" }, "main form.form");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Contains("Give a reason", tooShortPage.QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(CertificateStatus.Active, await QueryAsync(db => db.Certificates.Select(c => c.Status).SingleAsync()));

        // Revocation is permanent: the first POST only asks, saying so; the confirming form carries the reason on.
        var (asked, askPage) = await adminClient.SubmitAsync(search, new Dictionary<string, string> { ["NewStatus"] = "Revoked", ["Reason"] = "Attendance could not be confirmed" }, "main form.form");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("can never be reinstated", askPage.QuerySelector("[data-testid=confirm-step]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(CertificateStatus.Active, await QueryAsync(db => db.Certificates.Select(c => c.Status).SingleAsync()));
        var confirm = askPage.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("[data-testid=confirm-step] form")!;
        var values = confirm.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Where(i => i.Type == "hidden").ToDictionary(i => i.Name!, i => i.Value);
        Assert.Equal(("Revoked", "Attendance could not be confirmed", "true"), (values["NewStatus"], values["Reason"], values["Confirmed"]));
        var (revoked, _) = await adminClient.PostAsync(confirm.GetAttribute("action")!, values);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        using var board = Factory.CreateClient();
        var result = await board.GetFromJsonAsync<VerificationResult>($"/api/v1/verifications/{certificate.VerificationCode}", Json);
        Assert.Equal((VerificationService.Revoked, "Attendance could not be confirmed"), (result!.Status, result.StatusReason));
        Assert.NotNull(result.StatusChangedAt);
        Assert.Equal("Test Clinician", result.HolderName); // nothing deleted: a revoked certificate is not a forgery
        await AssertLookupMatchesDocumentAsync(certificate.VerificationCode, result);
        var audit = await QueryAsync(db => db.CertificateStatusEvents.SingleAsync());
        Assert.Equal((CertificateStatus.Active, CertificateStatus.Revoked, admin.Id), (audit.From, audit.To, audit.ActorUserId));

        // Revocation is permanent.
        using var scope = Factory.Services.CreateScope();
        var problem = await scope.ServiceProvider.GetRequiredService<CertificateStatusService>().ChangeAsync(certificate.Id, CertificateStatus.Active, "Changed my mind", admin.Id, CancellationToken.None);
        Assert.Contains("stays revoked", problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// The public lookup picks its fields out of the document in SQL (ADR-012); the bulk check reads the whole document
    /// through EF Core. Both must give the same answer, field for field, or a renamed field would silently show null.
    /// </summary>
    private async Task AssertLookupMatchesDocumentAsync(string code, VerificationResult fromApi)
    {
        var fromDocument = await QueryAsync(db => VerificationService.VerifyManyAsync(db, [code], CancellationToken.None));
        Assert.Equal(JsonSerializer.Serialize(fromDocument.Single(), Json), JsonSerializer.Serialize(fromApi, Json));
        Assert.All(new object?[] { fromApi.CourseVersion, fromApi.ContentHash, fromApi.CreditType, fromApi.CreditUnit, fromApi.CompletedAt, fromApi.IssuedAt, fromApi.Provider, fromApi.Licenses }, Assert.NotNull);
    }

    [Theory]
    [InlineData("not-a-code", HttpStatusCode.BadRequest)]
    [InlineData("%3Cscript%3E", HttpStatusCode.BadRequest)]
    public async Task VerifyApi_ExplainsMalformedCodes(string code, HttpStatusCode expected)
    {
        using var client = Factory.CreateClient();
        var response = await client.GetAsync($"/api/v1/verifications/{code}");
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task VerifyApi_SaysUnknown_ForAWellFormedCodeNobodyHas()
    {
        using var client = Factory.CreateClient();
        var response = await client.GetAsync($"/api/v1/verifications/{VerificationCode.New()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(VerificationService.Unknown, (await response.Content.ReadFromJsonAsync<VerificationResult>(Json))!.Status);
    }

    [Fact]
    public async Task PublicVerification_IsRateLimited_WithRetryAfter()
    {
        var strict = await Fixture.ExtraHostAsync("rt_integration_verify_limit",
            settings: new Dictionary<string, string?> { ["Verification:PublicPerMinute"] = "2", ["BackgroundJobs:ServerEnabled"] = "false" });
        using var client = strict.CreateClient();
        var code = VerificationCode.New();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await client.GetAsync($"/api/v1/verifications/{code}");
            statuses.Add(last.StatusCode);
        }
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter is not null, "429 without Retry-After");
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
    }
}
