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
            firstId = await scope.ServiceProvider.GetRequiredService<EmailService>().QueueAsync(Message("first-host@test.example"));
        }
        using (var scope = otherHost.Services.CreateScope())
        {
            secondId = await scope.ServiceProvider.GetRequiredService<EmailService>().QueueAsync(Message("second-host@test.example"));
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
        var deadline = DateTime.UtcNow.AddSeconds(30);
        OutboundEmail? email = null;
        while (DateTime.UtcNow < deadline)
        {
            using var scope = host.Services.CreateScope();
            email = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboundEmails.AsNoTracking().SingleAsync();
            if (email.Attempts > 0)
            {
                break;
            }
            await Task.Delay(200);
        }
        Assert.NotNull(email);
        Assert.True(email.Attempts >= 1, "the send job never ran");
        Assert.Null(email.SentAt);
        Assert.False(string.IsNullOrEmpty(email.LastError));

        var retryScheduled = false;
        while (DateTime.UtcNow < deadline && !retryScheduled)
        {
            var monitor = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            retryScheduled = monitor.ScheduledJobs(0, 10).Any(j => j.Value.Job?.Type == typeof(SendEmailJob));
            await Task.Delay(200);
        }
        Assert.True(retryScheduled, "Hangfire did not schedule a retry of the failed send");
    }

    private static async Task<bool> SentAsync(AppFactory host, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            using var scope = host.Services.CreateScope();
            var sentAt = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboundEmails.Where(e => e.Id == id).Select(e => e.SentAt).SingleOrDefaultAsync();
            if (sentAt is not null)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
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
