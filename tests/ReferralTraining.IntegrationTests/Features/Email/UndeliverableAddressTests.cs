using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Features.Organizations;
using static ReferralTraining.IntegrationTests.Features.Organizations.OrganizationTestKit;

namespace ReferralTraining.IntegrationTests.Features.Email;

/// <summary>
/// Accounts created by an LMS launch have an address under the reserved ".invalid" domain (ADR-031). Every mail path
/// goes through EmailService, which records nothing for such an address and enqueues nothing; what the mail would
/// have announced still happens (the certificate, the reminder's log line and in-app notification).
/// </summary>
public sealed class UndeliverableAddressTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private static string LmsAddress() => $"lms-{Guid.NewGuid():N}@lms.invalid";

    [Theory]
    [InlineData("lms-1@lms.invalid", false)]
    [InlineData("someone@LMS.INVALID.", false)]
    [InlineData("x@invalid", false)]
    [InlineData("no-at-sign", false)]
    [InlineData("ana@hospital.example", true)]
    [InlineData("ana@invalid.example.org", true)]
    public void IsDeliverable_RefusesOnlyTheReservedInvalidDomain(string address, bool deliverable) =>
        Assert.Equal(deliverable, EmailService.IsDeliverable(address));

    [Fact]
    public async Task QueueAndAdd_RecordNothing_ForAnLmsAddress_AndStillRecordOthers()
    {
        var lms = LmsAddress();
        using (var scope = Factory.Services.CreateScope())
        {
            var email = scope.ServiceProvider.GetRequiredService<EmailService>();
            await email.QueueAsync(new EmailMessage(lms, "Ana Rivera", "Queued", "Body", "Open", "https://training.test.example/", "Footer"), CancellationToken.None);
            var id = email.Add(new EmailMessage(lms, "Ana Rivera", "Added", "Body", "Open", "https://training.test.example/", "Footer"), Guid.NewGuid());
            var kept = email.Add(new EmailMessage("kept@test.example", "Kept", "Added", "Body", "Open", "https://training.test.example/", "Footer"), Guid.NewGuid());
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
            await email.EnqueueManyAsync([id, kept], CancellationToken.None);
        }
        Assert.Equal(0, await QueryAsync(db => db.OutboundEmails.CountAsync(e => e.To == lms)));
        Assert.NotNull(await QueryAsync(db => db.OutboundEmails.Where(e => e.To == "kept@test.example").Select(e => e.EnqueuedAt).SingleAsync()));
    }

    [Fact]
    public async Task AnLmsLearnersCertificate_IsIssued_WithoutAnEmail()
    {
        var learner = await Factory.CreateUserAsync(Roles.Clinician, LmsAddress());
        await CompleteCourseAsync(Factory, learner.Id);
        await ReferralTraining.Tests.Shared.Eventually.TrueAsync(() => QueryAsync(db => db.Certificates.AnyAsync(c => c.UserId == learner.Id)), "the LMS learner's certificate");
        Assert.Equal(0, await QueryAsync(db => db.OutboundEmails.CountAsync(e => e.To == learner.Email)));
    }

    [Fact]
    public async Task AnLmsLearnersFollowUp_IsNudgedInTheApp_ButNotMailed()
    {
        var learner = await Factory.CreateUserAsync(Roles.Clinician, LmsAddress());
        await QueryAsync(db => db.Users.Where(u => u.Id == learner.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, ReferralTraining.Tests.Shared.TestZones.Where(Factory.Clock, h => h is >= 10 and < 18))));
        await CompleteCourseAsync(Factory, learner.Id);
        var followUp = await QueryAsync(db => db.Set<ReferralTraining.Web.Features.PracticeChange.FollowUp>().Where(f => f.UserId == learner.Id)
            .OrderBy(f => f.Sequence).Select(f => f.Id).FirstAsync());

        Factory.Clock.Advance(TimeSpan.FromDays(30));
        using (var scope = Factory.Services.CreateScope())
        {
            // The job does take its mail path for this learner (counted), and EmailService records nothing for the address.
            var run = await scope.ServiceProvider.GetRequiredService<ReferralTraining.Web.Features.PracticeChange.FollowUpJob>().RunAsync(CancellationToken.None);
            Assert.Equal(1, run.Emails);
        }
        Assert.NotNull(await QueryAsync(db => db.Set<ReferralTraining.Web.Features.PracticeChange.FollowUp>().Where(f => f.Id == followUp).Select(f => f.NudgedAt).SingleAsync()));
        Assert.True(await QueryAsync(db => db.Set<Notification>().AnyAsync(n => n.UserId == learner.Id && n.Subject.Contains("30-day follow-up"))));
        Assert.Equal(0, await QueryAsync(db => db.OutboundEmails.CountAsync(e => e.To == learner.Email)));
    }

    [Fact]
    public async Task AnAssignmentReminder_ForAnLmsLearner_IsLoggedAndNotified_ButNotMailed()
    {
        var zone = ReferralTraining.Tests.Shared.TestZones.Where(Factory.Clock, h => h is >= 9 and < 20);
        var (orgId, _) = await CreateOrganizationAsync(Factory, $"LMS reminders {Guid.NewGuid():N}");
        var staff = await AddStaffAsync(Factory, orgId);
        // As the launch creates them: the address under .invalid (set after the invitation, which needs a real one).
        var lms = LmsAddress();
        await QueryAsync(db => db.Users.Where(u => u.Id == staff.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Email, lms).SetProperty(u => u.NormalizedEmail, lms.ToUpperInvariant()).SetProperty(u => u.TimeZoneId, zone)));
        var today = AssignmentService.Today(Factory.Clock, zone);
        using (var scope = Factory.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<AssignmentService>()
                .CreateAsync(orgId, new AssignmentRequest([Course], AssignmentTarget.Person, staff.Id, today, null, false, false), null, zone, CancellationToken.None);
            Assert.True(created.Ok, created.Error);
        }
        await QueryAsync(db => db.Set<Assignment>().Where(a => a.OrganizationId == orgId).ExecuteUpdateAsync(s => s.SetProperty(a => a.DueDate, today.AddDays(3))));

        using (var scope = Factory.Services.CreateScope())
        {
            var job = new ReminderJob(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<ComplianceService>(),
                scope.ServiceProvider.GetRequiredService<EmailService>(), scope.ServiceProvider.GetRequiredService<NotificationService>(), Factory.Clock,
                Options.Create(new AssignmentsOptions()),
                scope.ServiceProvider.GetRequiredService<IOptions<ReferralTraining.Web.Features.Certificates.Credentials.CredentialsOptions>>(), NullLogger<ReminderJob>.Instance);
            await job.RunAsync(CancellationToken.None);
        }
        Assert.Equal(ReminderKind.BeforeDue, (await QueryAsync(db => db.Set<ReminderLog>().SingleAsync(r => r.UserId == staff.Id))).Kind);
        Assert.True(await QueryAsync(db => db.Set<Notification>().AnyAsync(n => n.UserId == staff.Id)));
        Assert.Equal(0, await QueryAsync(db => db.OutboundEmails.CountAsync(e => e.To == lms)));
    }
}
