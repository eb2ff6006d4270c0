using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;
using ReferralTraining.Web.Features.Organizations;
using static ReferralTraining.IntegrationTests.Features.Organizations.OrganizationTestKit;

namespace ReferralTraining.IntegrationTests.Features.Organizations;

public sealed class ReminderTests(AppFixture fixture) : AppTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.PublishContentAsync();
    }

    private string Zone(Func<int, bool> hour) => ReferralTraining.Tests.Shared.TestZones.Where(Factory.Clock, hour);

    private DateOnly LocalToday(string zone) => AssignmentService.Today(Factory.Clock, zone);

    private ReminderJob Job(IServiceScope scope, AssignmentsOptions? o = null) => new(
        scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<ComplianceService>(),
        scope.ServiceProvider.GetRequiredService<EmailService>(),
        scope.ServiceProvider.GetRequiredService<NotificationService>(), Factory.Clock, Options.Create(o ?? new AssignmentsOptions()),
        scope.ServiceProvider.GetRequiredService<IOptions<ReferralTraining.Web.Features.Certificates.Credentials.CredentialsOptions>>(), NullLogger<ReminderJob>.Instance);

    private async Task<(Guid OrgId, Guid StaffId, string Email)> StaffWithAssignmentAsync(string zone, int dueInDays)
    {
        var (orgId, director) = await CreateOrganizationAsync(Factory, $"Reminder Org {Guid.NewGuid():N}");
        var staff = await AddStaffAsync(Factory, orgId);
        await QueryAsync(db => db.Users.Where(u => u.Id == staff.Id || u.Id == director.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TimeZoneId, zone)));
        using var scope = Factory.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<AssignmentService>()
            .CreateAsync(orgId, new AssignmentRequest([Course], AssignmentTarget.Person, staff.Id, LocalToday(zone), null, false, false), null, zone, CancellationToken.None);
        Assert.True(created.Ok, created.Error);
        await QueryAsync(db => db.Set<Assignment>().Where(a => a.OrganizationId == orgId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DueDate, LocalToday(zone).AddDays(dueInDays))));
        return (orgId, staff.Id, staff.Email!);
    }

    [Fact]
    public async Task BeforeDueReminder_IsSentOnce_EvenWhenTheJobRunsTwice_AndListedInNotifications()
    {
        var zone = Zone(h => h is >= 9 and < 20);
        var (_, staffId, email) = await StaffWithAssignmentAsync(zone, 3);
        using (var scope = Factory.Services.CreateScope())
        {
            await Job(scope).RunAsync(CancellationToken.None);
        }
        using (var scope = Factory.Services.CreateScope())
        {
            await Job(scope).RunAsync(CancellationToken.None);
        }
        var log = await QueryAsync(db => db.Set<ReminderLog>().Where(r => r.UserId == staffId).ToListAsync());
        Assert.Equal(ReminderKind.BeforeDue, Assert.Single(log).Kind);
        Assert.Single(await QueryAsync(db => db.Set<Notification>().Where(n => n.UserId == staffId).ToListAsync()));
        Assert.Single(await QueryAsync(db => db.OutboundEmails.Where(e => e.To == email && e.Subject.StartsWith("Due ")).ToListAsync()));
        var message = await Fixture.Smtp.WaitForMessageAsync(email, m => m.Subject?.StartsWith("Due ", StringComparison.Ordinal) == true);
        Assert.StartsWith("Due ", message.Subject, StringComparison.Ordinal);

        var client = ReferralTraining.Tests.Shared.PageClient.For(Factory);
        await client.SignInAsync(email);
        var (_, page) = await client.GetAsync("/notifications");
        Assert.Contains("Due ", page.GetElementById("notifications")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingIsSent_DuringTheRecipientsQuietHours_OrTooEarly()
    {
        var quiet = Zone(h => h is >= 22 or < 7);
        var (_, quietId, _) = await StaffWithAssignmentAsync(quiet, 0);
        var awake = Zone(h => h is >= 9 and < 20);
        var (_, earlyId, _) = await StaffWithAssignmentAsync(awake, 30);
        using var scope = Factory.Services.CreateScope();
        await Job(scope).RunAsync(CancellationToken.None);
        Assert.False(await QueryAsync(db => db.Set<ReminderLog>().AnyAsync(r => r.UserId == quietId || r.UserId == earlyId)));
    }

    [Fact]
    public async Task DueToday_Overdue_AndTheDirectorsWeeklyDigest_ListWhatIsOverdue()
    {
        var zone = Zone(h => h is >= 9 and < 20);
        var (orgId, staffId, _) = await StaffWithAssignmentAsync(zone, -2);
        var (_, todayId, _) = await StaffWithAssignmentAsync(zone, 0);
        var localDay = TimeZoneInfo.ConvertTime(Factory.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zone)).DayOfWeek;
        using (var scope = Factory.Services.CreateScope())
        {
            await Job(scope, new AssignmentsOptions { DigestDay = localDay }).RunAsync(CancellationToken.None);
            await Job(scope, new AssignmentsOptions { DigestDay = localDay }).RunAsync(CancellationToken.None);
        }
        Assert.Equal(ReminderKind.Overdue, (await QueryAsync(db => db.Set<ReminderLog>().SingleAsync(r => r.UserId == staffId))).Kind);
        Assert.Equal(ReminderKind.DueToday, (await QueryAsync(db => db.Set<ReminderLog>().SingleAsync(r => r.UserId == todayId))).Kind);
        var digest = await QueryAsync(db => db.Set<ReminderLog>().SingleAsync(r => r.SubjectId == orgId && r.Kind == ReminderKind.DirectorDigest));
        var directorEmail = await QueryAsync(db => db.Users.Where(u => u.Id == digest.UserId).Select(u => u.Email).SingleAsync());
        var mail = await QueryAsync(db => db.OutboundEmails.SingleAsync(e => e.To == directorEmail && e.Subject.StartsWith("Weekly overdue")));
        Assert.Contains("1 assigned course is overdue", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Clinician, Test: ", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"(due {LocalToday(zone).AddDays(-2).ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"))})", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(21, 8, 22, true)]
    [InlineData(21, 8, 7, true)]
    [InlineData(21, 8, 8, false)]
    [InlineData(21, 8, 20, false)]
    [InlineData(12, 14, 13, true)]
    [InlineData(12, 14, 14, false)]
    public void QuietHours_WrapAroundMidnight(int start, int end, int hour, bool quiet) =>
        Assert.Equal(quiet, ReminderJob.IsQuietHour(hour, new AssignmentsOptions { QuietHoursStart = start, QuietHoursEnd = end }));
}
