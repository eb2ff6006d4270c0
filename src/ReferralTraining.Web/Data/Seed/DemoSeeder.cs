using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Quizzes;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Data.Seed;

/// <summary>
/// Development only (validated at start-up): demo accounts for every role and some progress, so every
/// feature is visible right after the run command. Safe to run on every start.
/// </summary>
public sealed class DemoSeeder(
    UserManager<AppUser> users, AppDbContext db, CourseService courses, QuizService quizzes,
    Features.Certificates.CreditService credits, Features.Certificates.CertificateIssuer issuer, Features.Certificates.CertificateStatusService statuses,
    Features.Verification.ApiKeyService apiKeys, Features.Verification.ConsentService consents, Features.PracticeChange.PracticeChangeService practiceChange, Features.Scenarios.ScenarioService scenarios,
    Features.PracticeChange.CommitmentPlanner planner, IOptions<DemoSeedOptions> options,
    IUserStore<AppUser> userStore, TimeProvider clock, ILogger<DemoSeeder> logger,
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection)
{
    /// <summary>
    /// DEMO ONLY, public in the repository: the authenticator key of the seeded admin, director and board, so a
    /// newcomer can sign in with `oathtool --totp -b` (seeding is refused outside Development at start-up).
    /// </summary>
    public const string DemoTotpSecret = "DEMOTOTPDEMOTOTPDEMOTOTPDEMOTOTP";

    public sealed record DemoAccount(string Email, string Role, string GivenName, string FamilyName, string Description);

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("clinician@demo.referraltraining.org", Roles.Clinician, "Maya", "Okafor", "clinician, midway through the intensive-referral course"),
        new("new.clinician@demo.referraltraining.org", Roles.Clinician, "Jordan", "Reyes", "clinician with a complete profile and no courses yet"),
        new("director@demo.referraltraining.org", Roles.ProgramDirector, "Dana", "Whitfield", "program director"),
        new("board@demo.referraltraining.org", Roles.CredentialingBody, "Lee", "Harper", "credentialing body (licensing board clerk)"),
        new("admin@demo.referraltraining.org", Roles.Admin, "Sam", "Ng", "CE provider admin (content, jobs)"),
    ];

    /// <summary>Plays the lowest-scoring path of a scenario (a wrong turn); false when the course has no such scenario.</summary>
    private async Task<bool> PlayWeakestPathAsync(Guid userId, string courseId, string scenarioId, CancellationToken ct)
    {
        if (await scenarios.FindScenarioAsync(userId, courseId, scenarioId, ct) is not { } scenario)
        {
            return false;
        }
        var weakest = Features.Scenarios.ScenarioPaths.All(scenario).OrderBy(p => Features.Scenarios.ScenarioPaths.Score(scenario, p)).ThenBy(p => p.Count).First();
        return await scenarios.PlayAsync(userId, courseId, scenarioId, weakest, ct) is not null;
    }

    /// <summary>
    /// Plays the path scoring closest to 50 % (some items met, some not), so the director's fidelity by item shows
    /// both a row above the small-cell threshold and a suppressed one (ADR-024).
    /// </summary>
    private async Task PlayMiddlePathAsync(Guid userId, string courseId, string scenarioId, CancellationToken ct)
    {
        if (await scenarios.FindScenarioAsync(userId, courseId, scenarioId, ct) is not { } scenario)
        {
            return;
        }
        var middle = Features.Scenarios.ScenarioPaths.All(scenario).OrderBy(p => Math.Abs(Features.Scenarios.ScenarioPaths.Score(scenario, p) - 50)).ThenBy(p => p.Count).First();
        await scenarios.PlayAsync(userId, courseId, scenarioId, middle, ct);
    }

    /// <summary>
    /// Passes a required scenario on the best path that still misses a checklist item, so the commitment step has a
    /// suggestion to offer (issue 19 item 6); false when no such path reaches the course's minimum.
    /// </summary>
    private async Task<bool> PassWithAMissAsync(Guid userId, string courseId, string scenarioId, CancellationToken ct)
    {
        var summary = (await scenarios.ListAsync(userId, courseId, ct)).FirstOrDefault(s => s.Id == scenarioId);
        if (summary is null || await scenarios.FindScenarioAsync(userId, courseId, scenarioId, ct) is not { } scenario)
        {
            return false;
        }
        var path = Features.Scenarios.ScenarioPaths.All(scenario)
            .Select(p => (Path: p, Score: Features.Scenarios.ScenarioScoring.Score(scenario, Features.Scenarios.ScenarioPaths.Steps(scenario, p))))
            .Where(x => x.Score.Percent >= (summary.MinFidelity ?? 0) && x.Score.Results.Any(r => r.Outcome == Features.Scenarios.ScenarioItemOutcome.Missed))
            .OrderByDescending(x => x.Score.Percent).ThenBy(x => x.Path.Count).Select(x => x.Path).FirstOrDefault();
        return path is not null && await scenarios.PlayAsync(userId, courseId, scenarioId, path, ct) is not null;
    }

    /// <summary>A cohort who took the foundation quiz, so item analysis has data to show.</summary>
    private async Task SeedQuizTakersAsync(CancellationToken ct)
    {
        const string courseId = "intensive-referral";
        if (!await db.Courses.AnyAsync(c => c.Id == courseId, ct) || await users.FindByEmailAsync("learner01@demo.referraltraining.org") is not null)
        {
            return;
        }
        var moduleCount = await db.Courses.Where(c => c.Id == courseId)
            .Select(c => db.CourseModules.Count(m => m.CourseVersionId == c.CurrentVersionId)).SingleAsync(ct);
        for (var i = 1; i <= 16; i++)
        {
            var user = new AppUser
            {
                UserName = $"learner{i:00}@demo.referraltraining.org",
                Email = $"learner{i:00}@demo.referraltraining.org",
                EmailConfirmed = true,
                GivenName = "Demo",
                FamilyName = $"Learner {i:00}",
                CreatedAt = clock.GetUtcNow(),
                Profession = (Profession)(1 + (i % 7)),
            };
            user.Licenses.Add(new License { Id = Guid.NewGuid(), IssuingAuthority = "Demo State Board", Number = $"DEMO-{i:0000}" });
            await users.CreateAsync(user, options.Value.DemoPassword);
            await users.AddToRoleAsync(user, Roles.Clinician);
            await courses.EnrollAsync(user.Id, courseId, ct);
            await courses.AcknowledgeDisclosuresAsync(user.Id, courseId, ct); // read the disclosures before module 1 (issue 22)
            for (var m = 1; m <= moduleCount; m++)
            {
                await courses.RecordReadingAsync(user.Id, courseId, m, ct);
            }
            var (attempt, _) = await quizzes.StartAsync(user.Id, courseId, ct);
            if (attempt is null)
            {
                continue;
            }
            // Abilities from 55% to 100%, deterministic, so the statistics look like a real cohort and enough pass
            // to give the director practice outcomes above the small-cell threshold.
            var random = new Random(i);
            var ability = 0.55 + 0.45 * (i - 1) / 15.0;
            var answers = attempt.Questions.Select(q =>
            {
                var right = random.NextDouble() < ability;
                IReadOnlyList<string> ids = q.Type switch
                {
                    QuestionType.Ordering => right ? q.CorrectOrder : q.CorrectOrder.Reverse().ToList(),
                    QuestionType.Multiple => right ? q.Options.Where(o => o.Correct).Select(o => o.Id).ToList() : [q.Options[random.Next(q.Options.Count)].Id],
                    _ => right ? [q.Options.First(o => o.Correct).Id] : [q.Options.Where(o => !o.Correct).ElementAt(random.Next(q.Options.Count(o => !o.Correct))).Id],
                };
                return new SavedAnswer(q.QuestionId, ids);
            }).ToList();
            var (result, _) = await quizzes.SubmitAsync(user.Id, attempt.Id, answers, ct);
            if (result?.Attempt.Passed == true)
            {
                // The course requires its practice scenario: every other learner takes a wrong turn first, so the
                // scenario analysis has misses to show; all then play the keyed path, as they must to claim.
                if (i % 2 == 1)
                {
                    await PlayWeakestPathAsync(user.Id, courseId, "higher-power", ct);
                }
                await scenarios.PassRequiredAsync(user.Id, courseId, ct);
                // Once more on a passing path that still misses an item, after the first attempts (which the director's
                // fidelity report reads): the commitment step suggests the latest attempt's misses, and each learner
                // commits to one, so the follow-ups ask about it and the outcomes report counts it.
                await PassWithAMissAsync(user.Id, courseId, "higher-power", ct);
                var commitments = DemoCommitments(i);
                if ((await planner.SuggestionsAsync(user.Id, courseId, ct)).FirstOrDefault() is { } suggestion)
                {
                    commitments = [.. commitments, new(suggestion.PracticeId ?? "intensive-referral", suggestion.Text, 5, 4, suggestion.Key)];
                }
                // Passed learners evaluated the course and hold a certificate, so boards have codes to verify.
                // Each objective met (mostly yes, some partly) and intent to change, so the evaluation report has figures (issue 22).
                var objectivesMet = (await credits.EvaluationObjectivesAsync(user.Id, courseId, ct)).Select((o, n) => (o.Id, n))
                    .ToDictionary(x => x.Id, x => (i + x.n) % 4 == 0 ? Features.Certificates.ObjectiveMet.Partly : Features.Certificates.ObjectiveMet.Yes);
                var intent = i % 3 == 2 ? Features.Certificates.IntentToChange.AlreadyDoing : Features.Certificates.IntentToChange.Yes;
                await credits.SubmitEvaluationAsync(user.Id, courseId, new Features.Certificates.EvaluationInput(4 + (i % 2), true, 4, null, commitments,
                    objectivesMet, intent, intent == Features.Certificates.IntentToChange.Yes ? "Introduce patients to a group member before they leave the session." : null), ct);
                var status = await credits.GetStatusAsync(user.Id, courseId, ct);
                var credit = status.Eligible.FirstOrDefault();
                if (credit is not null)
                {
                    var (claimId, _) = await credits.ClaimAsync(user.Id, courseId, credit.TypeId, credit.Maximum, attested: true, ct);
                    if (claimId is not null)
                    {
                        await issuer.IssueAsync(claimId.Value, null, ct);
                    }
                }
            }
            else
            {
                // Those who did not pass the quiz yet practiced the scenario once, halfway right.
                await PlayMiddlePathAsync(user.Id, courseId, "higher-power", ct);
            }
        }

        await SeedFollowUpsAsync(courseId, ct);

        // The admin revoked one of them, with a reason, so the revoked path is visible too.
        var admin = await users.FindByEmailAsync(Accounts.Single(a => a.Role == Roles.Admin).Email);
        var lastCertificate = await db.Certificates.OrderByDescending(c => c.IssuedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (admin is not null && lastCertificate is not null)
        {
            await statuses.ChangeAsync(lastCertificate.Value, Features.Certificates.CertificateStatus.Revoked, "Demo: completion could not be confirmed during an audit", admin.Id, ct);
        }
    }

    private static IReadOnlyList<Features.Certificates.CommitmentInput> DemoCommitments(int i) => i % 3 == 0
        ? [new("intensive-referral", "Call a volunteer with the patient in the room before the first session ends", 6 + i, 3 + (i % 3)),
           new("follow-up-attendance", "Ask about meetings attended at every follow-up visit and look at the meeting log", 10, 4)]
        : [new("intensive-referral", "Connect each new patient with a group member during the session instead of handing out a list", 4 + i, 2 + (i % 4)),
           new(i % 2 == 0 ? "encourage-involvement" : "name-specific-meeting",
               i % 2 == 0 ? "Talk about getting a sponsor and doing service, not only going to meetings" : "Write the meeting day, time and place on every referral", 5, 4)];

    /// <summary>
    /// The practice-change loop, as if the cohort had finished 100 days ago: most answered both follow-ups (so the
    /// director's outcomes pass small-cell suppression and practice-improvement certificates exist); the last
    /// learner finished 31 days ago and has a 30-day follow-up waiting on their home page.
    /// </summary>
    private async Task SeedFollowUpsAsync(string courseId, CancellationToken ct)
    {
        var enrollments = await db.Set<Features.PracticeChange.Commitment>().Where(c => c.CourseId == courseId)
            .Select(c => new { c.EnrollmentId, c.UserId }).Distinct().ToListAsync(ct);
        var learners = await db.Users.Where(u => enrollments.Select(e => e.UserId).Contains(u.Id)).OrderBy(u => u.Email).Select(u => u.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        for (var n = 0; n < learners.Count; n++)
        {
            var userId = learners[n];
            var enrollmentId = enrollments.First(e => e.UserId == userId).EnrollmentId;
            var last = n == learners.Count - 1;
            var shift = TimeSpan.FromDays(last ? 31 : 100);
            await db.Set<Features.PracticeChange.Commitment>().Where(c => c.EnrollmentId == enrollmentId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, c => c.CreatedAt - shift), ct);
            await db.Set<Features.PracticeChange.FollowUp>().Where(f => f.EnrollmentId == enrollmentId)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.DueAt, f => f.DueAt - shift).SetProperty(f => f.EditableUntil, f => f.EditableUntil - shift)
                    .SetProperty(f => f.CompletedCourseAt, f => f.CompletedCourseAt - shift), ct);
            if (last)
            {
                continue;
            }
            var followUps = await db.Set<Features.PracticeChange.FollowUp>().AsNoTracking().Where(f => f.EnrollmentId == enrollmentId).OrderBy(f => f.Sequence).ToListAsync(ct);
            var commitments = await db.Set<Features.PracticeChange.Commitment>().AsNoTracking().Where(c => c.EnrollmentId == enrollmentId).OrderBy(c => c.Number).ToListAsync(ct);
            string[][] barriers = [["time"], ["patient-declined"], ["no-contacts", "time"], [], ["unsure-how"], ["workflow"]];
            foreach (var f in followUps)
            {
                var answers = commitments.Select((c, k) => new Features.PracticeChange.ResponseInput(c.Id,
                    (Features.PracticeChange.Implementation)((n + k + f.Sequence) % 3), 2 + n + k, barriers[(n + k + f.Sequence) % barriers.Length],
                    null, f.IsFinal ? "Having the volunteer's number ready before the session" : null,
                    c.Behavior is null ? null : (Features.PracticeChange.BehaviorUse)((n + f.Sequence) % 3 == 0 ? 1 : 2))).ToList();
                if (f.IsFinal)
                {
                    // Through the service, so the practice-improvement claim is recorded as it would be for real.
                    await practiceChange.SaveAsync(f.Id, answers, null, ct);
                }
                else
                {
                    foreach (var a in answers)
                    {
                        db.Add(new Features.PracticeChange.CommitmentResponse
                        {
                            CommitmentId = a.CommitmentId, FollowUpId = f.Id, Status = a.Status!.Value, PatientsReached = a.PatientsReached!.Value,
                            Barriers = a.Barriers!.ToList(), Behavior = a.Behavior, AnsweredAt = f.DueAt.AddDays(2), UpdatedAt = f.DueAt.AddDays(2),
                        });
                    }
                    await db.Set<Features.PracticeChange.FollowUp>().Where(x => x.Id == f.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.NudgedAt, f.DueAt).SetProperty(x => x.RespondedAt, f.DueAt.AddDays(2)), ct);
                    await db.SaveChangesAsync(ct);
                }
            }
            await db.Set<Features.PracticeChange.FollowUp>().Where(x => x.EnrollmentId == enrollmentId && x.NudgedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NudgedAt, now.AddDays(-9)), ct);
        }
        foreach (var claimId in await db.CreditClaims.Where(c => c.Kind == Features.Certificates.CreditKind.PracticeImprovement).Select(c => c.Id).ToListAsync(ct))
        {
            await issuer.IssueAsync(claimId, null, ct);
        }
    }

    /// <summary>The director's program: two teams of the demo learners, one assignment overdue and one coming up.</summary>
    private async Task SeedOrganizationAsync()
    {
        const string name = "Riverside Recovery Center";
        var director = await users.FindByEmailAsync("director@demo.referraltraining.org");
        if (director is null || await db.Set<Features.Organizations.Organization>().AnyAsync(o => o.Name == name)
            || !await db.Courses.AnyAsync(c => c.Id == "intensive-referral"))
        {
            return;
        }
        var now = clock.GetUtcNow();
        var org = new Features.Organizations.Organization { Id = Guid.NewGuid(), Name = name, CreatedAt = now.AddDays(-60) };
        var outpatient = new Features.Organizations.Team { Id = Guid.NewGuid(), OrganizationId = org.Id, Name = "Outpatient" };
        var detox = new Features.Organizations.Team { Id = Guid.NewGuid(), OrganizationId = org.Id, Name = "Detox unit" };
        var counselor = new Features.Organizations.JobRole { Id = Guid.NewGuid(), OrganizationId = org.Id, Name = "Counselor" };
        var nurse = new Features.Organizations.JobRole { Id = Guid.NewGuid(), OrganizationId = org.Id, Name = "Nurse" };
        db.AddRange(org, outpatient, detox, counselor, nurse);
        db.Add(new Features.Organizations.OrganizationMember { OrganizationId = org.Id, UserId = director.Id, Role = Features.Organizations.OrganizationRole.Director, JoinedAt = org.CreatedAt });
        var staff = await db.Users.Where(u => u.Email!.StartsWith("learner") && u.Email.EndsWith("@demo.referraltraining.org")).OrderBy(u => u.Email).Select(u => u.Id).ToListAsync();
        var maya = await users.FindByEmailAsync(Accounts[0].Email);
        if (maya is not null)
        {
            staff.Add(maya.Id);
        }
        for (var i = 0; i < staff.Count; i++)
        {
            db.Add(new Features.Organizations.OrganizationMember
            {
                OrganizationId = org.Id, UserId = staff[i], Role = Features.Organizations.OrganizationRole.Staff, JoinedAt = org.CreatedAt,
                TeamId = i % 2 == 0 ? outpatient.Id : detox.Id, JobRoleId = i % 3 == 0 ? nurse.Id : counselor.Id,
            });
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        db.Add(new Features.Organizations.Assignment
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, CourseId = "intensive-referral", Target = Features.Organizations.AssignmentTarget.Team, TeamId = outpatient.Id,
            DueDate = today.AddDays(-14), RecurrenceMonths = 12, IncludeLaterMembers = true, AllowPriorCompletion = true, CreatedAt = now.AddDays(-45), CreatedByUserId = director.Id,
        });
        db.Add(new Features.Organizations.Assignment
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, CourseId = "intensive-referral", Target = Features.Organizations.AssignmentTarget.Team, TeamId = detox.Id,
            DueDate = today.AddDays(10), IncludeLaterMembers = true, AllowPriorCompletion = true, CreatedAt = now.AddDays(-5), CreatedByUserId = director.Id,
        });
        // An open invitation with a long address, as real ones are, so the page shows the list and how it wraps on a phone.
        // No e-mail goes out; its token is random and never shown, so it cannot be accepted.
        const string invitee = "outpatient.counselor.new.hire@demo.referraltraining.org";
        db.Add(new Features.Organizations.Invitation
        {
            Id = Guid.NewGuid(), OrganizationId = org.Id, Email = invitee, NormalizedEmail = invitee.ToUpperInvariant(), Role = Features.Organizations.OrganizationRole.Staff,
            TeamId = outpatient.Id, JobRoleId = counselor.Id, TokenHash = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            CreatedAt = now.AddDays(-2), ExpiresAt = now.AddDays(12), InvitedByUserId = director.Id,
        });
        // A sample single sign-on connection, OFF: it points at the test provider started by hand on port 5599
        // (README, "Single sign-on"); the director turns it on at /organizations/{id}/sso to try the journey.
        db.Add(new Features.Sso.SsoConnection
        {
            OrganizationId = org.Id, Issuer = DemoSsoIssuer, ClientId = DemoSsoClientId,
            ProtectedClientSecret = protection.CreateProtector(Features.Sso.SsoDirectory.SecretPurpose).Protect(DemoSsoClientSecret),
            DefaultJobRoleId = counselor.Id, Enabled = false, UpdatedAt = now,
            Domains = [new Features.Sso.SsoDomain { Domain = DemoSsoDomain, OrganizationId = org.Id }],
        });
        // A listed LMS origin, so the director's LMS packages page is ready: the tests' stand-in LMS served by hand on
        // 127.0.0.1:5598 (README, "SCORM packages"), another site than the app's localhost, as a hospital's LMS is.
        db.Add(new Features.Scorm.ScormLmsOrigin { OrganizationId = org.Id, Origin = DemoLmsOrigin, AddedAt = now });
        await db.SaveChangesAsync();
    }

    /// <summary>DEMO ONLY: the origin of the stand-in LMS (tests/scorm-lms served as the README shows).</summary>
    public const string DemoLmsOrigin = "http://127.0.0.1:5598";

    /// <summary>DEMO ONLY: the sample provider's settings (tests/oidc-provider/server.mjs started as the README shows).</summary>
    public const string DemoSsoIssuer = "http://127.0.0.1:5599";
    public const string DemoSsoClientId = "referraltraining-demo";
    public const string DemoSsoClientSecret = "demo-only-client-secret-change-me";
    public const string DemoSsoDomain = "riverside-recovery.example";

    /// <summary>Privileged demo accounts use two-step sign-in like real ones, with the published demo key.</summary>
    private async Task EnrolDemoTwoFactorAsync(AppUser user)
    {
        if (user.TwoFactorEnabled && await users.GetAuthenticatorKeyAsync(user) == DemoTotpSecret)
        {
            return;
        }
        await ((IUserAuthenticatorKeyStore<AppUser>)userStore).SetAuthenticatorKeyAsync(user, DemoTotpSecret, CancellationToken.None);
        await users.SetTwoFactorEnabledAsync(user, true); // saves the key too
    }

    public async Task SeedIfEnabledAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        foreach (var account in Accounts)
        {
            var user = await users.FindByEmailAsync(account.Email);
            if (user is null)
            {
                user = new AppUser
                {
                    UserName = account.Email,
                    Email = account.Email,
                    EmailConfirmed = true,
                    GivenName = account.GivenName,
                    FamilyName = account.FamilyName,
                    CreatedAt = clock.GetUtcNow(),
                    TimeZoneId = "America/Chicago",
                };
                if (account.Role == Roles.Clinician)
                {
                    user.Profession = account.GivenName == "Maya" ? Profession.Counselor : Profession.SocialWorker;
                    user.Licenses.Add(new License
                    {
                        Id = Guid.NewGuid(),
                        IssuingAuthority = account.GivenName == "Maya" ? "Illinois Certification Board" : "Texas Behavioral Health Executive Council",
                        Number = account.GivenName == "Maya" ? "CADC-104233" : "LMSW-58210",
                    });
                }
                var created = await users.CreateAsync(user, options.Value.DemoPassword);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"Demo account {account.Email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
                }
                await users.AddToRoleAsync(user, account.Role);
            }
            if (TwoFactorRules.PrivilegedRoles.Contains(account.Role))
            {
                await EnrolDemoTwoFactorAsync(user);
            }
        }

        // The first clinician is midway through the foundation course.
        var maya = await users.FindByEmailAsync(Accounts[0].Email);
        if (maya is not null && await db.Courses.AnyAsync(c => c.Id == "intensive-referral", ct)
            && !await db.Enrollments.AnyAsync(e => e.UserId == maya.Id, ct))
        {
            await courses.EnrollAsync(maya.Id, "intensive-referral", ct);
            await courses.AcknowledgeDisclosuresAsync(maya.Id, "intensive-referral", ct);
            await courses.RecordReadingAsync(maya.Id, "intensive-referral", 1, ct);
            await courses.RecordReadingAsync(maya.Id, "intensive-referral", 2, ct);
            // One finished practice scenario with a wrong turn, and a retry in progress (open it to resume).
            if (await PlayWeakestPathAsync(maya.Id, "intensive-referral", "higher-power", ct)
                && await scenarios.StartAsync(maya.Id, "intensive-referral", "higher-power", ct) is { } retry)
            {
                var scenario = retry.Scenario;
                await scenarios.ChooseAsync(maya.Id, retry.Id, scenario.StartNodeId, Features.Scenarios.ScenarioPaths.Keyed(scenario)[0], ct);
                await scenarios.ContinueAsync(maya.Id, retry.Id, ct);
            }
        }

        await SeedQuizTakersAsync(ct);
        await SeedOrganizationAsync();

        // The demo learners share their records with the demo board, so its license audit has data.
        var board = await users.FindByEmailAsync(Accounts.Single(a => a.Role == Roles.CredentialingBody).Email);
        if (board is not null && !await db.Set<Features.Verification.ShareConsent>().AnyAsync(c => c.BodyUserId == board.Id, ct))
        {
            foreach (var learnerId in await db.Users.Where(u => u.Email!.StartsWith("learner")).Select(u => u.Id).ToListAsync(ct))
            {
                await consents.GrantShareAsync(learnerId, board.Id, ct);
            }
        }

        // The demo learners also agreed to CE Broker reporting, and hold a (made-up) Illinois license next to the demo
        // board's, so the admin's CE Broker roster has rows right away and lists the other licenses as skipped.
        if (!await db.Set<Features.Verification.ReportingConsent>().AnyAsync(c => c.Target == Features.Verification.ReportingTargets.CeBroker, ct))
        {
            var learners = await db.Users.Where(u => u.Email!.StartsWith("learner") && u.Email.EndsWith("@demo.referraltraining.org")).OrderBy(u => u.Email)
                .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
            foreach (var learner in learners)
            {
                var email = learner.Email!;
                var number = $"DEMO-IL-{email["learner".Length..email.IndexOf('@', StringComparison.Ordinal)]}";
                if (!await db.Licenses.AnyAsync(l => l.UserId == learner.Id && l.IssuingAuthority == "IL", ct))
                {
                    db.Licenses.Add(new License { Id = Guid.NewGuid(), UserId = learner.Id, IssuingAuthority = "IL", Number = number });
                }
            }
            await db.SaveChangesAsync(ct);
            foreach (var learner in learners)
            {
                await consents.SetReportingAsync(learner.Id, new Features.Verification.ReportingChoices(true, false, null, null), ct);
            }
        }

        // A fresh API key for the demo board on every start (secrets are shown once and stored hashed).
        var boardUser = await users.FindByEmailAsync(Accounts.Single(a => a.Role == Roles.CredentialingBody).Email);
        Features.Verification.CreatedApiKey? demoKey = null;
        if (boardUser is not null)
        {
            foreach (var old in await db.Set<Features.Verification.ApiKey>().Where(k => k.OwnerUserId == boardUser.Id && k.RevokedAt == null && k.Name.StartsWith("demo ")).Select(k => k.Id).ToListAsync(ct))
            {
                await apiKeys.RevokeAsync(boardUser.Id, old, ct);
            }
            demoKey = (await apiKeys.CreateAsync(boardUser.Id, $"demo {clock.GetUtcNow():yyyy-MM-dd HH:mm}", ct)).Key;
        }

        // Printed plainly (not through the single-line log formatter) so a newcomer can read it.
        logger.LogInformation("Demo accounts seeded");
        Console.WriteLine();
        Console.WriteLine($"Demo accounts (development only), password '{options.Value.DemoPassword}':");
        foreach (var a in Accounts)
        {
            Console.WriteLine($"  {a.Email,-42} {a.Description}{(a.Role == Roles.ProgramDirector ? " of Riverside Recovery Center (overdue assignments)" : "")}");
        }
        Console.WriteLine("  learner01..16@demo.referraltraining.org    clinicians who took the intensive-referral quiz; those who passed hold certificates");
        Console.WriteLine($"  two-step sign-in (director, board, admin): DEMO authenticator key {DemoTotpSecret} (development only)");
        Console.WriteLine($"    get a code: oathtool --totp -b {DemoTotpSecret}   (or add the key to any authenticator app;");
        Console.WriteLine("    each code works once, so wait for the next 30-second code before signing in again)");
        foreach (var c in await db.Certificates.AsNoTracking().OrderBy(c => c.IssuedAt).Take(3).ToListAsync(ct))
        {
            Console.WriteLine($"  certificate to verify: {c.VerificationCode} ({c.Status})");
        }
        var revoked = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Status == Features.Certificates.CertificateStatus.Revoked, ct);
        if (revoked is not null)
        {
            Console.WriteLine($"  revoked certificate:   {revoked.VerificationCode}");
        }
        if (demoKey is not null)
        {
            Console.WriteLine($"  board API key:         {demoKey.Secret}");
            Console.WriteLine("    try: curl -H 'Authorization: Bearer <key>' 'http://localhost:5080/api/v1/verifications/audit?authority=Demo%20State%20Board&number=DEMO-0009&from=2026-01-01&to=2026-12-31'");
        }
        Console.WriteLine();
    }
}
