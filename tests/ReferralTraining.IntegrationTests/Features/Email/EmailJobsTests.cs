using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReferralTraining.IntegrationTests.Infrastructure;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.IntegrationTests.Features.Email;

public sealed class EmailJobsTests(AppFixture fixture) : AppTest(fixture)
{
    private static EmailMessage Message(string to) =>
        new(to, "Test Person", "Hello " + to, "Body.", "Open", "https://example.org/x", "You received this because a test sent it.");

    [Fact]
    public async Task JobsEnqueuedInEachHost_RunAgainstThatHostsOwnDatabase()
    {
        var otherHost = await Fixture.ExtraHostAsync("rt_integration_second_host");
        _ = otherHost.Server;

        Guid firstId, secondId;
        using (var scope = Factory.Services.CreateScope())
        {
            firstId = await scope.ServiceProvider.GetRequiredService<EmailService>().QueueAsync(Message("first-host@test.example"), CancellationToken.None);
        }
        using (var scope = otherHost.Services.CreateScope())
        {
            secondId = await scope.ServiceProvider.GetRequiredService<EmailService>().QueueAsync(Message("second-host@test.example"), CancellationToken.None);
        }

        await Fixture.Smtp.WaitForMessageAsync("first-host@test.example");
        await Fixture.Smtp.WaitForMessageAsync("second-host@test.example");
        Assert.True(await SentAsync(Factory, firstId), "first host's e-mail not marked sent in its database");
        Assert.True(await SentAsync(otherHost, secondId), "second host's e-mail not marked sent in its database");
        // Each row exists only in its own host's database: no job crossed over.
        Assert.False(await ExistsAsync(Factory, secondId));
        Assert.False(await ExistsAsync(otherHost, firstId));
    }

    [Fact]
    public async Task FailedSend_IsRetriedByHangfire_AndDoesNotBlockThePage()
    {
        // A host whose SMTP server is down (nothing listens on the port).
        var host = await Fixture.ExtraHostAsync("rt_integration_smtp_down", smtpPort: ClosedPort());
        using var client = PageClient.For(host);

        var (response, _) = await client.SubmitAsync("/accounts/register", new Dictionary<string, string>
        {
            ["Input.Email"] = "smtp-down@test.example", ["Input.GivenName"] = "Pat", ["Input.FamilyName"] = "Lee",
            ["Input.Password"] = AppFactory.Password, ["Input.ConfirmPassword"] = AppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // The job ran, failed, recorded why, and Hangfire scheduled a retry.
        var email = await Eventually.MatchAsync(async () =>
        {
            using var scope = host.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboundEmails.AsNoTracking().SingleAsync();
        }, e => e.Attempts > 0, "the send job's first attempt");
        Assert.Null(email.SentAt);
        Assert.False(string.IsNullOrEmpty(email.LastError));

        var monitor = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Eventually.TrueAsync(() => Task.FromResult(monitor.ScheduledJobs(0, 10).Any(j => j.Value.Job?.Type == typeof(SendEmailJob))),
            "Hangfire to schedule a retry of the failed send");
    }

    private static async Task<bool> SentAsync(AppFactory host, Guid id)
    {
        await Eventually.TrueAsync(async () =>
        {
            using var scope = host.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboundEmails.Where(e => e.Id == id).Select(e => e.SentAt).SingleOrDefaultAsync() is not null;
        }, $"e-mail {id} to be marked sent");
        return true;
    }

    private static async Task<bool> ExistsAsync(AppFactory host, Guid id)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboundEmails.AnyAsync(e => e.Id == id);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
