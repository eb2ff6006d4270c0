using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReferralTraining.IntegrationTests.Features.Verification;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data.Seed;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.IntegrationTests.Data;

/// <summary>
/// The README's run command seeds the demo: every role can sign in and every feature has something to show. The seed
/// runs only in Development, so this test runs it directly with seeding switched on.
/// </summary>
public sealed class DemoSeedTests(AppFixture fixture) : AppTest(fixture)
{
    private async Task SeedAsync()
    {
        using var scope = Factory.Services.CreateScope();
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider,
            Options.Create(new DemoSeedOptions { Enabled = true }));
        await seeder.SeedIfEnabledAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Seed_GivesEveryRoleSomethingToSee_AndRunningItAgainChangesNothing()
    {
        await Factory.PublishContentAsync(RepoPaths.Content); // the courses the demo uses, not the test fixture

        await SeedAsync();
        await JobsIdleAsync();

        var emails = DemoSeeder.Accounts.Select(a => a.Email).ToList();
        Assert.Equal(emails.Count, await QueryAsync(db => db.Users.CountAsync(u => emails.Contains(u.Email!))));
        // A clinician midway through the foundation course, learners with certificates (one revoked), an organization.
        var maya = emails[0];
        var courses = await QueryAsync(db => db.Courses.Select(c => c.Id).ToListAsync());
        Assert.Contains("intensive-referral", courses);
        var enrolled = await QueryAsync(db => db.Enrollments.Where(e => db.Users.Any(u => u.Id == e.UserId && u.Email == maya)).Select(e => e.CourseId).ToListAsync());
        Assert.Contains("intensive-referral", enrolled);
        var progress = await QueryAsync(async db => (Read: await db.ModuleProgress.CountAsync(), Passed: await db.QuizAttempts.CountAsync(a => a.Passed == true),
            Evaluated: await db.CourseEvaluations.CountAsync(), Claims: await db.CreditClaims.CountAsync(), Certificates: await db.Certificates.CountAsync()));
        Assert.True(progress.Certificates >= 5, $"demo learners should hold certificates: {progress}");
        Assert.True(await QueryAsync(db => db.CertificateStatusEvents.AnyAsync()));
        Assert.True(await QueryAsync(db => db.Set<ReferralTraining.Web.Features.Organizations.Organization>().AnyAsync()));
        Assert.True(await QueryAsync(db => db.Set<ReferralTraining.Web.Features.PracticeChange.CommitmentResponse>().AnyAsync()));
        // Issue 19 item 6: learners who passed the scenario with a miss committed to that checklist behavior (learner16, whose
        // 30-day follow-up waits, among them), and every follow-up answered about such a commitment says how often.
        var fromItems = await QueryAsync(db => db.Set<ReferralTraining.Web.Features.PracticeChange.Commitment>().Where(c => c.ChecklistItemKey != null)
            .Select(c => new
            {
                Email = db.Users.Where(u => u.Id == c.UserId).Select(u => u.Email).Single(), c.Behavior,
                Answers = db.Set<ReferralTraining.Web.Features.PracticeChange.CommitmentResponse>().Where(r => r.CommitmentId == c.Id).Select(r => r.Behavior).ToList(),
            }).ToListAsync());
        Assert.True(fromItems.Count >= 5, $"{fromItems.Count} commitments made from checklist items");
        Assert.Contains(fromItems, c => c.Email == "learner16@demo.referraltraining.org");
        Assert.All(fromItems, c => Assert.False(string.IsNullOrEmpty(c.Behavior)));
        Assert.All(fromItems.SelectMany(c => c.Answers), a => Assert.NotNull(a));
        Assert.Contains(fromItems, c => c.Answers.Count > 0);

        // Practice scenarios (issue 19): Maya finished one attempt with a wrong turn and has a retry in progress; every
        // learner who claimed credit passed the required scenario, as the completion rule demands.
        var mayaAttempts = await QueryAsync(db => db.ScenarioAttempts.Where(a => db.Users.Any(u => u.Id == a.UserId && u.Email == maya))
            .OrderBy(a => a.Number).ToListAsync());
        Assert.Equal(2, mayaAttempts.Count);
        Assert.All(mayaAttempts, a => Assert.Equal("higher-power", a.ScenarioId));
        Assert.True(mayaAttempts[0].FinishedAt is not null && mayaAttempts[0].FidelityPercent < 75, "Maya's first attempt takes a wrong turn");
        Assert.True(mayaAttempts[1].FinishedAt is null && mayaAttempts[1].Steps.Count == 1, "Maya's retry is in progress");
        var claimantsWithoutPass = await QueryAsync(db => db.CreditClaims
            .Join(db.Enrollments, c => c.EnrollmentId, e => e.Id, (c, e) => e)
            .CountAsync(e => e.CourseId == "intensive-referral" && !db.ScenarioAttempts.Any(a => a.EnrollmentId == e.Id && a.FidelityPercent >= 75)));
        Assert.Equal(0, claimantsWithoutPass);
        // The demo director's scenario fidelity (ADR-024) shows an item above the small-cell threshold and a suppressed one.
        var riverside = await QueryAsync(db => db.Set<ReferralTraining.Web.Features.Organizations.Organization>()
            .Where(o => o.Name == "Riverside Recovery Center").Select(o => o.Id).SingleAsync());
        using (var reportScope = Factory.Services.CreateScope())
        {
            var fidelity = await reportScope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Features.PracticeChange.ScenarioFidelityReport>().ForOrganizationAsync(riverside, CancellationToken.None);
            var items = Assert.Single(fidelity.Scenarios, s => s.ScenarioId == "higher-power").Items;
            Assert.Contains(items, i => !i.Met.StartsWith('<') && !i.Missed.StartsWith('<'));
            Assert.Contains(items, i => i.Met.StartsWith('<') && i.Missed.StartsWith('<'));
            // The director's LMS packages page is ready: the demo LMS origin is listed (README, "SCORM packages").
            var origins = await reportScope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Features.Scorm.ScormService>().OriginsAsync(riverside, CancellationToken.None);
            Assert.Equal([ReferralTraining.Web.Data.Seed.DemoSeeder.DemoLmsOrigin], origins);
        }

        var counts = await CountsAsync();
        await SeedAsync();
        await JobsIdleAsync();
        Assert.Equal(counts, await CountsAsync());

        // The demo's reporting settings pass the start-up validation, and with them the demo admin's CE Broker roster
        // is not refused and has rows (the learners' Illinois licenses) beside skipped ones (the demo board's licenses).
        var development = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "src", "ReferralTraining.Web", "appsettings.Development.json")).Build();
        var demo = development.GetSection(ReportingOptions.Section).Get<ReportingOptions>()!;
        var problems = new List<ValidationResult>();
        Assert.True(Validator.TryValidateObject(demo, new ValidationContext(demo), problems, validateAllProperties: true), string.Join("; ", problems.Select(p => p.ErrorMessage)));
        Assert.Empty(demo.Validate(new ValidationContext(demo)));
        var settings = ReportingExportClient.Configure(Factory, demo.ProviderTrackingNumber, demo.ParsActivityId);
        (settings.CeBrokerCourseNumbers, settings.CeBrokerProfessionCodes) = (demo.CeBrokerCourseNumbers, demo.CeBrokerProfessionCodes);
        using var scope = Factory.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ReferralTraining.Web.Features.Accounts.AppUser>>()
            .FindByEmailAsync(DemoSeeder.Accounts.Single(a => a.Role == ReferralTraining.Web.Features.Accounts.Roles.Admin).Email);
        var roster = await scope.ServiceProvider.GetRequiredService<ReportingExports>().CeBrokerRosterAsync(ExportSelection.NotReported, admin!.Id, CancellationToken.None);
        Assert.Null(roster.Refusal);
        Assert.True(roster.Rows > 0, $"the demo roster should have rows; skipped: {string.Join("; ", roster.Skipped.Select(r => r.Reason))}");
        Assert.Contains(roster.Skipped, r => r.Reason.Contains("\"Demo State Board\" is not a US state", StringComparison.Ordinal));
    }

    private Task<(int Users, int Enrollments, int Claims, int Certificates, int Organizations, int ScenarioAttempts)> CountsAsync() => QueryAsync(async db => (
        await db.Users.CountAsync(), await db.Enrollments.CountAsync(), await db.CreditClaims.CountAsync(), await db.Certificates.CountAsync(),
        await db.Set<ReferralTraining.Web.Features.Organizations.Organization>().CountAsync(), await db.ScenarioAttempts.CountAsync()));
}
