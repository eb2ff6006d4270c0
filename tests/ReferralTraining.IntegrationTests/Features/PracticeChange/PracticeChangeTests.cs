using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using CourseService = ReferralTraining.Web.Features.Courses.CourseService;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.PracticeChange;
using static ReferralTraining.IntegrationTests.Features.Organizations.OrganizationTestKit;
using CourseEntity = ReferralTraining.Web.Features.Courses.Course;

namespace ReferralTraining.IntegrationTests.Features.PracticeChange;

/// <summary>The commitment-to-change loop with a controllable clock, real PostgreSQL and real SMTP.</summary>
public sealed class PracticeChangeTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private string Zone(Func<int, bool> hour) => TestZones.Where(Factory.Clock, hour);

    private async Task<FollowUpJob.RunResult> RunJobAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<FollowUpJob>().RunAsync(CancellationToken.None);
    }

    /// <summary>A counselor who finished the fixture course with two commitments; their zone is chosen so that "now + days" is daytime.</summary>
    private async Task<(Guid UserId, string Email)> GraduateAsync(Guid? orgId = null)
    {
        var user = orgId is null ? await Factory.CreateUserAsync(Web.Features.Accounts.Roles.Clinician) : await AddStaffAsync(Factory, orgId.Value);
        await QueryAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, Zone(h => h is >= 10 and < 18))));
        using var scope = Factory.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
        var quizzes = scope.ServiceProvider.GetRequiredService<Web.Features.Quizzes.QuizService>();
        var credits = scope.ServiceProvider.GetRequiredService<CreditService>();
        await courses.EnrollAsync(user.Id, Course, CancellationToken.None);
        await courses.RecordReadingAsync(user.Id, Course, 1, CancellationToken.None);
        await courses.RecordReadingAsync(user.Id, Course, 2, CancellationToken.None);
        var (attempt, _) = await quizzes.StartAsync(user.Id, Course, CancellationToken.None);
        await quizzes.SubmitAsync(user.Id, attempt!.Id, attempt.Questions.Select(q => new Web.Features.Quizzes.SavedAnswer(q.QuestionId,
            q.Type == Web.Features.Courses.Content.Quizzes.QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
        Assert.Empty(await credits.SubmitEvaluationAsync(user.Id, Course, new EvaluationInput(5, true, 5, null,
        [
            new("first-practice", "Try the first thing with my next two patients", 4, 4),
            new("second-practice", "Offer the second thing to every family I meet", 3, 3),
        ], TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None));
        return (user.Id, user.Email!);
    }

    /// <summary>The hidden fields of the page's form (the antiforgery token), to post again later.</summary>
    private static Dictionary<string, string> Hidden(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("main form input[name=__RequestVerificationToken]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");

    private static List<ResponseInput> Answers(IEnumerable<Guid> commitmentIds, string? privateText = null) =>
        commitmentIds.Select((id, i) => new ResponseInput(id, i == 0 ? Implementation.Fully : Implementation.Partly, 3, ["time", "other"], privateText ?? "The clinic schedule", privateText)).ToList();

    [Fact]
    public async Task SomeoneElsesFollowUp_IsNotFound_EvenForAPostWithAValidAntiforgeryToken()
    {
        // A route without an organization id: the owner check is the follow-up's user, and it must answer before
        // anything is read or written, also when antiforgery lets the POST through.
        var (ownerId, ownerEmail) = await GraduateAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(31));
        var followUp = await QueryAsync(db => db.Set<FollowUp>().AsNoTracking().Where(f => f.UserId == ownerId).OrderBy(f => f.Sequence).FirstAsync());
        using var owner = PageClient.For(Factory);
        await owner.SignInAsync(ownerEmail);
        var (mine, _) = await owner.GetAsync($"/follow-ups/{followUp.Id}");
        Assert.Equal(System.Net.HttpStatusCode.OK, mine.StatusCode);

        var (_, otherEmail) = await GraduateAsync();
        using var other = PageClient.For(Factory);
        await other.SignInAsync(otherEmail);
        var token = await other.AntiforgeryTokenAsync();
        var (peek, peekPage) = await other.GetAsync($"/follow-ups/{followUp.Id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, peek.StatusCode);
        Assert.DoesNotContain("Try the first thing", peekPage.Body?.TextContent ?? "", StringComparison.Ordinal);
        var commitments = await QueryAsync(db => db.Set<Commitment>().Where(c => c.UserId == ownerId).Select(c => c.Id).ToListAsync());
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        for (var i = 0; i < commitments.Count; i++)
        {
            form[$"Responses[{i}].CommitmentId"] = commitments[i].ToString();
            form[$"Responses[{i}].Status"] = nameof(Implementation.Fully);
            form[$"Responses[{i}].PatientsReached"] = "3";
        }
        var (posted, _) = await other.PostAsync($"/follow-ups/{followUp.Id}", form);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Null(await QueryAsync(db => db.Set<FollowUp>().Where(f => f.Id == followUp.Id).Select(f => f.RespondedAt).SingleAsync()));
        Assert.False(await QueryAsync(db => db.Set<CommitmentResponse>().AnyAsync(r => r.FollowUpId == followUp.Id)));
    }

    [Fact]
    public async Task Commitments_AreValidated_AndNothingIsWrittenWhenOneIsWrong()
    {
        var user = await Factory.CreateUserAsync(Web.Features.Accounts.Roles.Clinician);
        using var scope = Factory.Services.CreateScope();
        var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
        await courses.EnrollAsync(user.Id, Course, CancellationToken.None);
        var credits = scope.ServiceProvider.GetRequiredService<CreditService>();

        var none = await credits.SubmitEvaluationAsync(user.Id, Course, new EvaluationInput(5, true, 5, null, [], TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None);
        Assert.Contains(none, e => e.Field == "Commitments[0].PracticeId");
        var bad = await credits.SubmitEvaluationAsync(user.Id, Course, new EvaluationInput(5, true, 5, null,
            [new("first-practice", "Try it with two patients", 4, 4), new("not-a-practice", "short", -1, 9)], TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None);
        Assert.Contains(bad, e => e.Field == "Commitments[1].PracticeId");
        Assert.Contains(bad, e => e.Field == "Commitments[1].Text");
        Assert.Contains(bad, e => e.Field == "Commitments[1].ExpectedPatients");
        Assert.Contains(bad, e => e.Field == "Commitments[1].Confidence");
        var four = await credits.SubmitEvaluationAsync(user.Id, Course, new EvaluationInput(5, true, 5, null,
            Enumerable.Range(1, 4).Select(i => new CommitmentInput("first-practice", $"Change number {i} in my practice", 1, 3)).ToList(), TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None);
        Assert.Contains(four, e => e.Field == "Commitments");

        Assert.Equal(0, await QueryAsync(db => db.CourseEvaluations.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.Set<Commitment>().CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.Set<FollowUp>().CountAsync()));
    }

    [Fact]
    public async Task FollowUps_AppearAtTheCourseOffsets_AndEachNudgeIsSentOnce_WithUnsubscribeHeaders()
    {
        var (userId, email) = await GraduateAsync();
        var followUps = await QueryAsync(db => db.Set<FollowUp>().Where(f => f.UserId == userId).OrderBy(f => f.Sequence).ToListAsync());
        Assert.Equal([30, 90], followUps.Select(f => f.OffsetDays));
        Assert.Equal(60, (int)Math.Round((followUps[1].DueAt - followUps[0].DueAt).TotalDays));
        Assert.True(followUps[1].IsFinal && !followUps[0].IsFinal);

        Factory.Clock.Advance(TimeSpan.FromDays(29));
        await RunJobAsync();
        Assert.Null(await QueryAsync(db => db.Set<FollowUp>().Where(f => f.Id == followUps[0].Id).Select(f => f.NudgedAt).SingleAsync()));

        Factory.Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync();
        await RunJobAsync(); // the second run finds nothing to send
        Assert.NotNull(await QueryAsync(db => db.Set<FollowUp>().Where(f => f.Id == followUps[0].Id).Select(f => f.NudgedAt).SingleAsync()));
        var mails = await QueryAsync(db => db.OutboundEmails.Where(e => e.To == email && e.Subject.StartsWith("How is your practice change going")).ToListAsync());
        Assert.Single(mails);
        Assert.Single(await QueryAsync(db => db.Set<Notification>().Where(n => n.UserId == userId && n.Subject.Contains("30-day follow-up")).ToListAsync()));

        var message = await Fixture.Smtp.WaitForMessageAsync(email, m => m.Subject?.StartsWith("How is your practice change going", StringComparison.Ordinal) == true);
        var text = message.TextBody!;
        Assert.Contains("Try the first thing with my next two patients", text, StringComparison.Ordinal); // their own commitment
        Assert.Contains("Tip: Start with one patient this week", text, StringComparison.Ordinal);          // the course's first tip
        Assert.Contains("(Smith, 2020)", text, StringComparison.Ordinal);
        var unsubscribe = message.Headers["List-Unsubscribe"];
        Assert.Matches("^<http://localhost[^>]*/unsubscribe/nudges/[^>]+>$", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("/follow-up/", SmtpSink.LinkIn(message, "/follow-up/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuietHours_HoldTheNudge_UntilMorningInTheRecipientsZone()
    {
        var (userId, _) = await GraduateAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        // Move the person to a zone where it is now the middle of the night.
        await QueryAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, Zone(h => h is >= 0 and < 5))));
        await RunJobAsync();
        Assert.False(await QueryAsync(db => db.Set<FollowUp>().AnyAsync(f => f.UserId == userId && f.NudgedAt != null)));
        Assert.False(await QueryAsync(db => db.Set<NudgeDay>().AnyAsync(d => d.UserId == userId)));

        await QueryAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, Zone(h => h is >= 9 and < 12))));
        await RunJobAsync();
        Assert.True(await QueryAsync(db => db.Set<FollowUp>().AnyAsync(f => f.UserId == userId && f.OffsetDays == 30 && f.NudgedAt != null)));
    }

    [Fact]
    public async Task OneReminderAfterSevenDaysWithoutAnswer_ThenSilence()
    {
        var (userId, email) = await GraduateAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        await RunJobAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(6));
        await RunJobAsync();
        Assert.Null(await QueryAsync(db => db.Set<FollowUp>().Where(f => f.UserId == userId && f.OffsetDays == 30).Select(f => f.ReminderSentAt).SingleAsync()));
        Factory.Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(5));
        await RunJobAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(10));
        await RunJobAsync();
        Assert.NotNull(await QueryAsync(db => db.Set<FollowUp>().Where(f => f.UserId == userId && f.OffsetDays == 30).Select(f => f.ReminderSentAt).SingleAsync()));
        var subjects = await QueryAsync(db => db.OutboundEmails.Where(e => e.To == email && e.Subject.StartsWith("How is")).Select(e => e.TextBody).ToListAsync());
        Assert.Equal(2, subjects.Count); // the nudge and the one reminder
        Assert.Single(subjects, s => s!.StartsWith("A reminder:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoFollowUpsDueTheSameDay_AreCombinedInOneDigest()
    {
        var (userId, email) = await GraduateAsync();
        // A second course (a copy of the fixture) finished the same day.
        await QueryAsync(async db =>
        {
            var source = await db.CourseVersions.AsNoTracking().Include(v => v.Modules).SingleAsync(v => v.CourseId == Course);
            source.Id = Guid.NewGuid();
            source.CourseId = "sample-course-two";
            source.Title = "Second sample course";
            foreach (var m in source.Modules)
            {
                m.Id = Guid.NewGuid();
                m.CourseVersionId = source.Id;
            }
            db.CourseVersions.Add(source);
            db.Courses.Add(new CourseEntity { Id = "sample-course-two", CurrentVersionId = source.Id, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        using (var scope = Factory.Services.CreateScope())
        {
            var courses = scope.ServiceProvider.GetRequiredService<CourseService>();
            await courses.EnrollAsync(userId, "sample-course-two", CancellationToken.None);
            await courses.RecordReadingAsync(userId, "sample-course-two", 1, CancellationToken.None);
            await courses.RecordReadingAsync(userId, "sample-course-two", 2, CancellationToken.None);
            var quizzes = scope.ServiceProvider.GetRequiredService<Web.Features.Quizzes.QuizService>();
            var (attempt, _) = await quizzes.StartAsync(userId, "sample-course-two", CancellationToken.None);
            await quizzes.SubmitAsync(userId, attempt!.Id, attempt.Questions.Select(q => new Web.Features.Quizzes.SavedAnswer(q.QuestionId,
                q.Type == Web.Features.Courses.Content.Quizzes.QuestionType.Ordering ? q.CorrectOrder : q.Options.Where(o => o.Correct).Select(o => o.Id).ToList())).ToList(), CancellationToken.None);
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<CreditService>().SubmitEvaluationAsync(userId, "sample-course-two",
                new EvaluationInput(4, true, 4, null, [new("second-practice", "Offer it at the first family contact", 2, 5)], TestEvaluations.Sample, IntentToChange.Yes), CancellationToken.None));
        }
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        await RunJobAsync();
        await RunJobAsync();

        var digest = Assert.Single(await QueryAsync(db => db.OutboundEmails.Where(e => e.To == email).Where(e => e.Subject.Contains("follow-up")).ToListAsync()));
        Assert.Equal("2 practice follow-ups are ready", digest.Subject);
        Assert.Equal(2, await QueryAsync(db => db.Set<FollowUp>().CountAsync(f => f.UserId == userId && f.NudgedAt != null)));
        Assert.Equal(2, await QueryAsync(db => db.Set<Notification>().CountAsync(n => n.UserId == userId)));
        Assert.Equal(2, await QueryAsync(db => db.Set<NudgeDay>().Where(d => d.UserId == userId).Select(d => d.Items).SingleAsync()));
        var message = await Fixture.Smtp.WaitForMessageAsync(email, m => m.Subject == "2 practice follow-ups are ready");
        Assert.Contains("Second sample course", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Sample course for tests", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, message.TextBody!.Split("/follow-up/").Length - 1);
    }

    [Fact]
    public async Task OneClickUnsubscribe_StopsNudges_ButNotAccountMail()
    {
        var (userId, email) = await GraduateAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        await RunJobAsync();
        var message = await Fixture.Smtp.WaitForMessageAsync(email, m => m.Headers["List-Unsubscribe"] is not null);
        var url = message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        var path = new Uri(url).PathAndQuery;

        // RFC 8058: the mail client POSTs this body, with no cookies and no antiforgery token.
        var client = Factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await QueryAsync(db => db.Set<NudgePreference>().Where(p => p.UserId == userId).Select(p => p.EmailNudges).SingleAsync()));
        var tampered = await client.PostAsync(path[..^3] + "xyz", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);

        // The 90-day follow-up: in-app only, no e-mail.
        Factory.Clock.Advance(TimeSpan.FromDays(60));
        await RunJobAsync();
        Assert.NotNull(await QueryAsync(db => db.Set<FollowUp>().Where(f => f.UserId == userId && f.OffsetDays == 90).Select(f => f.NudgedAt).SingleAsync()));
        Assert.Single(await QueryAsync(db => db.OutboundEmails.Where(e => e.To == email && e.ListUnsubscribeUrl != null).ToListAsync()));
        Assert.True(await QueryAsync(db => db.Set<Notification>().AnyAsync(n => n.UserId == userId && n.Subject.Contains("90-day"))));

        // Account mail still goes out.
        var forgot = PageClient.For(Factory);
        await forgot.SubmitAsync("/accounts/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        await Fixture.Smtp.WaitForMessageAsync(email, m => m.Subject?.Contains("password", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task PreferencesPage_TurnsNudgeEmailsOffAndOn_AndTheJobHonoursIt()
    {
        var (userId, email) = await GraduateAsync();
        var client = PageClient.For(Factory);
        await client.SignInAsync(email);
        await client.SubmitAsync("/accounts/preferences", new Dictionary<string, string> { ["EmailNudges"] = "false" });
        Assert.False(await QueryAsync(db => db.Set<NudgePreference>().Where(p => p.UserId == userId).Select(p => p.EmailNudges).SingleAsync()));
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        await RunJobAsync();
        Assert.Empty(await QueryAsync(db => db.OutboundEmails.Where(e => e.To == email && e.ListUnsubscribeUrl != null).ToListAsync()));
        Assert.True(await QueryAsync(db => db.Set<FollowUp>().AnyAsync(f => f.UserId == userId && f.NudgedAt != null))); // in-app still
        await client.SignInAsync(email);
        await client.SubmitAsync("/accounts/preferences", new Dictionary<string, string> { ["EmailNudges"] = "true" });
        Assert.True(await QueryAsync(db => db.Set<NudgePreference>().Where(p => p.UserId == userId).Select(p => p.EmailNudges).SingleAsync()));
    }

    [Fact]
    public async Task FollowUpLink_WorksWithoutSignIn_OnceOnly_AndRejectsTamperingAndExpiry()
    {
        var (userId, email) = await GraduateAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        await RunJobAsync();
        var message = await Fixture.Smtp.WaitForMessageAsync(email, m => m.Subject?.StartsWith("How is", StringComparison.Ordinal) == true);
        var path = new Uri(SmtpSink.LinkIn(message, "/follow-up/")).PathAndQuery;
        var commitments = await QueryAsync(db => db.Set<Commitment>().Where(c => c.UserId == userId).OrderBy(c => c.Number).ToListAsync());

        var anonymous = PageClient.For(Factory); // not signed in
        var (response, page) = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Try the first thing with my next two patients", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Tip: Start with one patient this week", page.Body.TextContent, StringComparison.Ordinal);

        var form = Hidden(page);
        for (var i = 0; i < commitments.Count; i++)
        {
            form[$"Responses[{i}].CommitmentId"] = commitments[i].Id.ToString();
            form[$"Responses[{i}].Status"] = i == 0 ? "Fully" : "NotYet";
            form[$"Responses[{i}].PatientsReached"] = "2";
            form[$"Responses[{i}].Barriers"] = "time";
        }
        // Invalid first: nothing is saved and the link is not spent.
        var invalid = new Dictionary<string, string>(form) { ["Responses[1].PatientsReached"] = "-4" };
        var (badResponse, badPage) = await anonymous.PostAsync(path, invalid);
        Assert.Equal(HttpStatusCode.OK, badResponse.StatusCode);
        Assert.Contains("how many patients", badPage.QuerySelector(".error-summary")!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await QueryAsync(db => db.Set<CommitmentResponse>().CountAsync()));

        var (okResponse, okPage) = await anonymous.PostAsync(path, form);
        Assert.Equal(HttpStatusCode.OK, okResponse.StatusCode);
        Assert.Contains("Your answers are saved", okPage.Body!.TextContent, StringComparison.Ordinal);
        var saved = await QueryAsync(db => db.Set<CommitmentResponse>().OrderBy(r => r.PatientsReached).ToListAsync());
        Assert.Equal(2, saved.Count);
        Assert.Contains(saved, r => r.Status == Implementation.Fully && r.Barriers.SequenceEqual(["time"]));
        Assert.NotNull(okPage.Body);

        // Single use.
        var (againResponse, againPage) = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, againResponse.StatusCode);
        Assert.Contains("already been used", againPage.Body!.TextContent, StringComparison.Ordinal);
        var (_, reusePage) = await anonymous.PostAsync(path, form);
        Assert.Contains("already been used", reusePage.Body!.TextContent, StringComparison.Ordinal);

        // Tampered.
        var (tamperedResponse, _) = await anonymous.GetAsync(path[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.NotFound, tamperedResponse.StatusCode);

        // Expired: the reminder's fresh link, opened after its lifetime.
        Factory.Clock.Advance(TimeSpan.FromDays(7));
        await QueryAsync(db => db.Set<FollowUp>().Where(f => f.UserId == userId && f.OffsetDays == 30).ExecuteUpdateAsync(s => s.SetProperty(f => f.RespondedAt, (DateTimeOffset?)null)));
        await RunJobAsync();
        var reminder = await Fixture.Smtp.WaitForMessageAsync(email, m => m.TextBody?.StartsWith("A reminder", StringComparison.Ordinal) == true);
        var reminderPath = new Uri(SmtpSink.LinkIn(reminder, "/follow-up/")).PathAndQuery;
        Factory.Clock.Advance(TimeSpan.FromDays(22));
        var (expiredResponse, expiredPage) = await anonymous.GetAsync(reminderPath);
        Assert.Equal(HttpStatusCode.Gone, expiredResponse.StatusCode);
        Assert.Contains("expired", expiredPage.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinalFollowUp_EarnsPracticeImprovementCredit_ExactlyOnce_WithItsOwnSignedCertificate()
    {
        var (userId, _) = await GraduateAsync();
        var followUps = await QueryAsync(db => db.Set<FollowUp>().Where(f => f.UserId == userId).OrderBy(f => f.Sequence).ToListAsync());
        var commitmentIds = await QueryAsync(db => db.Set<Commitment>().Where(c => c.UserId == userId).OrderBy(c => c.Number).Select(c => c.Id).ToListAsync());
        using (var scope = Factory.Services.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<PracticeChangeService>();
            // Shown up front: a counselor's NAADAC type allows practice-improvement credit (configuration).
            var incentive = await service.IncentiveAsync(userId, followUps[0].EnrollmentId, CancellationToken.None);
            Assert.Equal(("naadac", 0.25m), (incentive!.CreditTypeId, incentive.Amount));
            Assert.Contains(await service.SaveAsync(followUps[1].Id, Answers(commitmentIds), null, CancellationToken.None), e => e.Message.Contains("opens on", StringComparison.Ordinal));
        }
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<PracticeChangeService>().SaveAsync(followUps[0].Id, Answers(commitmentIds), null, CancellationToken.None));
        }
        Assert.False(await QueryAsync(db => db.CreditClaims.AnyAsync(c => c.Kind == CreditKind.PracticeImprovement)));

        Factory.Clock.Advance(TimeSpan.FromDays(60));
        // Answer the final follow-up twice at once (double submit) and once more later (an edit).
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var scope = Factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<PracticeChangeService>().SaveAsync(followUps[1].Id, Answers(commitmentIds), null, CancellationToken.None);
        }));
        using (var scope = Factory.Services.CreateScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<PracticeChangeService>().SaveAsync(followUps[1].Id, Answers(commitmentIds, "edited"), null, CancellationToken.None));
        }
        // The 30-day answers could be changed until the 90-day follow-up was due; now they are closed.
        using (var scope = Factory.Services.CreateScope())
        {
            var closed = await scope.ServiceProvider.GetRequiredService<PracticeChangeService>().SaveAsync(followUps[0].Id, Answers(commitmentIds, "late edit"), null, CancellationToken.None);
            Assert.Contains(closed, e => e.Message.Contains("closed", StringComparison.Ordinal));
        }
        Assert.DoesNotContain("late edit", await QueryAsync(db => db.Set<CommitmentResponse>().Where(r => r.FollowUpId == followUps[0].Id).Select(r => r.Helped).ToListAsync()));
        var claim = Assert.Single(await QueryAsync(db => db.CreditClaims.Where(c => c.Kind == CreditKind.PracticeImprovement).ToListAsync()));
        Assert.Equal(("naadac", 0.25m), (claim.CreditTypeId, claim.Amount));

        // Issuing retried and run concurrently: one award, one certificate.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var scope = Factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(claim.Id, null, CancellationToken.None);
        }));
        var award = Assert.Single(await QueryAsync(db => db.CreditAwards.Where(a => a.Kind == CreditKind.PracticeImprovement).ToListAsync()));
        var certificate = Assert.Single(await QueryAsync(db => db.Certificates.Where(c => c.AwardId == award.Id).ToListAsync()));
        Assert.Equal(CreditKind.PracticeImprovement, certificate.Document.Kind);
        Assert.Contains("practice-change follow-up", certificate.Document.CourseTitle, StringComparison.Ordinal);
        Assert.StartsWith("Performance improvement", certificate.Document.ActivityFormat, StringComparison.Ordinal);
        Assert.NotNull(certificate.CredentialJwt);
        // The course's own credit is separate and untouched.
        Assert.Equal(0, await QueryAsync(db => db.CreditAwards.CountAsync(a => a.Kind == CreditKind.Course && a.UserId == userId)));
    }

    [Fact]
    public async Task Outcomes_ShowAggregatesOnlyAboveTheCellSize_AndNeverFreeText()
    {
        var (orgId, director) = await CreateOrganizationAsync(Factory, $"Outcomes Org {Guid.NewGuid():N}");
        var people = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            people.Add((await GraduateAsync(orgId)).UserId);
        }
        Factory.Clock.Advance(TimeSpan.FromDays(30));
        const string secret = "PRIVATE-NOTE-about-my-supervisor";
        foreach (var userId in people)
        {
            var followUp = await QueryAsync(db => db.Set<FollowUp>().SingleAsync(f => f.UserId == userId && f.OffsetDays == 30));
            var ids = await QueryAsync(db => db.Set<Commitment>().Where(c => c.UserId == userId).OrderBy(c => c.Number).Select(c => c.Id).ToListAsync());
            using var scope = Factory.Services.CreateScope();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<PracticeChangeService>().SaveAsync(followUp.Id, Answers(ids, secret), null, CancellationToken.None));
        }

        var client = PageClient.For(Factory);
        await client.SignInAsync(director.Email!);
        var (response, page) = await client.GetAsync($"/organizations/{orgId}/outcomes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = page.Body!.TextContent;
        Assert.DoesNotContain(secret, page.Body.InnerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Try the first thing", page.Body.InnerHtml, StringComparison.Ordinal);
        Assert.Contains("Moore level 5", text, StringComparison.Ordinal);
        // 6 people answered about the first practice, all "fully": shown.
        var row = page.QuerySelectorAll("tr").First(r => r.TextContent.Contains("Do the first thing with patients", StringComparison.Ordinal)
            && r.Closest("section")!.TextContent.Contains("Changes implemented", StringComparison.Ordinal));
        // Every percentage names its denominator (issue 20): the share of what, out of how many.
        Assert.Contains("6 (100% of 6 commitments answered)", row.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^\d+% of \d+ commitments$", row.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.DoesNotMatch(@"\d%(?! of \d)", row.TextContent);
        // The same numbers as a chart beside the table: an SVG labeled by the table's heading, nothing the CSP blocks.
        var chart = page.QuerySelector("svg[role='img'][aria-labelledby='t-changes-implemented-latest-follow-up-answered']");
        Assert.NotNull(chart);
        Assert.Empty(page.QuerySelectorAll("main [style]"));

        var csv = await client.Http.GetStringAsync($"/organizations/{orgId}/outcomes?handler=Csv");
        Assert.Contains("Changes implemented (latest follow-up answered),\"Moore level 5 (performance, self-reported)\",Do the first thing with patients,Fully,6 (100% of 6 commitments answered)", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, csv, StringComparison.Ordinal);

        // With 4 people the same rows are suppressed.
        var (smallOrg, smallDirector) = await CreateOrganizationAsync(Factory, $"Small Org {Guid.NewGuid():N}");
        using (var scope = Factory.Services.CreateScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<OutcomesService>().ForOrganizationAsync(smallOrg, null, CancellationToken.None);
            Assert.All(report.Tables, t => Assert.Empty(t.Rows));
        }
        await QueryAsync(db => db.Set<OrganizationMember>().Where(m => m.OrganizationId == orgId && people.Skip(4).Contains(m.UserId)).ExecuteDeleteAsync());
        using (var scope = Factory.Services.CreateScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<OutcomesService>().ForOrganizationAsync(orgId, null, CancellationToken.None);
            Assert.All(report.Tables.SelectMany(t => t.Rows), r => Assert.True(r.Suppressed, r.Label));
            Assert.All(report.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Cells), c => Assert.Equal("<5", c));
        }
        _ = smallDirector;
    }

    [Fact]
    public async Task ProgramSelfCheck_RequiresEveryAnswer_AndLinksEachGapToItsCourse()
    {
        var (orgId, director) = await CreateOrganizationAsync(Factory, $"Self-check Org {Guid.NewGuid():N}");
        var client = PageClient.For(Factory);
        await client.SignInAsync(director.Email!);
        var partial = new Dictionary<string, string> { ["Answers[link-in-session]"] = "no" };
        var (_, errorPage) = await client.SubmitAsync($"/organizations/{orgId}/outcomes", partial, "form[action*='SelfCheck']");
        Assert.NotNull(errorPage.QuerySelector(".error-summary"));
        Assert.Equal(0, await QueryAsync(db => db.Set<ProgramSelfCheck>().CountAsync()));

        var all = PracticeChangeCatalog.SelfCheck.ToDictionary(q => $"Answers[{q.Id}]", q => q.Id == "families" ? "no" : "yes");
        await client.SubmitAsync($"/organizations/{orgId}/outcomes", all, "form[action*='SelfCheck']");
        var saved = Assert.Single(await QueryAsync(db => db.Set<ProgramSelfCheck>().ToListAsync()));
        Assert.Equal("no", saved.Answers["families"]);
        var (_, page) = await client.GetAsync($"/organizations/{orgId}/outcomes");
        var gap = Assert.Single(page.QuerySelectorAll(".gap"));
        Assert.NotNull(gap.QuerySelector("a[href='/courses/families']"));
    }

    [Fact]
    public void SmallCells_HideCellsUnderK_AndOneMoreWhenOnlyOneWouldBeHidden()
    {
        Assert.Equal([false, false, false], SmallCells.Suppress([6, 7, 0], 5));
        Assert.Equal([false, true, true], SmallCells.Suppress([9, 2, 5], 5));
        Assert.Equal([false, true, true], SmallCells.Suppress([9, 2, 3], 5));
        Assert.Equal([true, true, false], SmallCells.Suppress([9, 2, 0], 5));
        Assert.Equal([true, true, true], SmallCells.Suppress([1, 2, 3], 5));
    }
}
