using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Email;

/// <summary>Sends one recorded e-mail over SMTP. Throws on failure so Hangfire retries with back-off.</summary>
public sealed class SendEmailJob(AppDbContext db, IOptions<EmailOptions> options, TimeProvider clock, ILogger<SendEmailJob> logger)
{
    [AutomaticRetry(Attempts = 10)]
    public async Task SendAsync(Guid emailId)
    {
        var email = await db.OutboundEmails.SingleOrDefaultAsync(e => e.Id == emailId);
        if (email is null || email.SentAt is not null)
        {
            return; // already sent by an earlier run of this job
        }
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();

        email.Attempts++;
        try
        {
            using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.TimeoutSeconds).TotalMilliseconds };
            await client.ConnectAsync(settings.Host, settings.Port,
                settings.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "");
            }
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            email.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            await db.SaveChangesAsync();
            logger.LogWarning(ex, "Sending e-mail {EmailId} failed on attempt {Attempt}", email.Id, email.Attempts);
            throw;
        }
        email.SentAt = clock.GetUtcNow();
        email.LastError = null;
        await db.SaveChangesAsync();
        logger.LogInformation("Sent e-mail {EmailId} ({Subject})", email.Id, email.Subject);
    }
}

/// <summary>Recurring safety net for messages whose send was never enqueued.</summary>
public sealed class SweepEmailsJob(EmailService email)
{
    public const string RecurringId = "email-sweep";

    public Task RunAsync() => email.SweepAsync();
}
