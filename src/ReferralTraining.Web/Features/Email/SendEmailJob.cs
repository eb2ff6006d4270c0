using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Email;

/// <summary>Turns recorded e-mails into MIME and delivers them: SMTP through MailKit, or a pickup folder.</summary>
public sealed class MailTransport(IOptions<EmailOptions> options) : IAsyncDisposable
{
    private SmtpClient? client;

    public MimeMessage Build(OutboundEmail email)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        // Stable per outbox row: a message re-sent after a crash between the SMTP conversation and "mark sent"
        // (at-least-once, ADR-005) carries the same Message-ID, so receiving systems can recognise the duplicate.
        var domain = settings.FromAddress.Split('@') is [_, var d] && d.Length > 0 ? d : "referraltraining.local";
        message.MessageId = $"{email.Id:N}@{domain}";
        if (email.ListUnsubscribeUrl is { } unsubscribe)
        {
            // RFC 2369 + RFC 8058: mail clients offer one-click unsubscribe, which POSTs to this URL.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        return message;
    }

    public async Task SendAsync(OutboundEmail email)
    {
        var settings = options.Value;
        var message = Build(email);
        if (!string.IsNullOrEmpty(settings.PickupDirectory))
        {
            Directory.CreateDirectory(settings.PickupDirectory);
            await message.WriteToAsync(Path.Combine(settings.PickupDirectory, $"{email.Id:N}.eml"));
            return;
        }
        if (client is null)
        {
            client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.TimeoutSeconds).TotalMilliseconds };
            await client.ConnectAsync(settings.Host, settings.Port, settings.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "");
            }
        }
        await client.SendAsync(message);
    }

    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            if (client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(quit: true);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The messages are sent; a failed QUIT changes nothing.
                }
            }
            client.Dispose();
        }
    }
}

/// <summary>Sends one recorded e-mail. Throws on failure so Hangfire retries with back-off.</summary>
public sealed class SendEmailJob(SendEmailBatchJob batch)
{
    [AutomaticRetry(Attempts = 10)]
    public Task SendAsync(Guid emailId) => batch.SendAsync([emailId]);
}

/// <summary>
/// Sends recorded e-mails over one SMTP connection (digests and nudges come in thousands). Each message is
/// marked sent as soon as it is, so a retry after a failure skips the ones already sent.
/// </summary>
public sealed class SendEmailBatchJob(AppDbContext db, IOptions<EmailOptions> options, TimeProvider clock, ILogger<SendEmailBatchJob> logger,
    Infrastructure.Observability.AppMetrics metrics)
{
    public const int MaxBatch = 200;

    [AutomaticRetry(Attempts = 10)]
    public async Task SendAsync(Guid[] emailIds)
    {
        var pending = await db.OutboundEmails.Where(e => emailIds.Contains(e.Id) && e.SentAt == null).ToListAsync();
        await using var transport = new MailTransport(options);
        foreach (var email in pending)
        {
            email.Attempts++;
            try
            {
                await transport.SendAsync(email);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metrics.EmailFailed();
                email.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                await db.SaveChangesAsync();
                logger.LogWarning(ex, "Sending e-mail {EmailId} failed on attempt {Attempt}", email.Id, email.Attempts);
                throw;
            }
            email.SentAt = clock.GetUtcNow();
            email.LastError = null;
            await db.SaveChangesAsync();
            metrics.EmailSent();
            logger.LogInformation("Sent e-mail {EmailId} ({Subject})", email.Id, email.Subject);
        }
    }
}

/// <summary>Recurring safety net for messages whose send was never enqueued.</summary>
public sealed class SweepEmailsJob(EmailService email)
{
    public const string RecurringId = "email-sweep";

    public Task RunAsync() => email.SweepAsync();
}
