using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Email;

/// <summary>
/// Sends recorded e-mails over one SMTP connection (digests and nudges come in thousands). Each message is
/// marked sent as soon as it is, so a retry after a failure skips the ones already sent.
/// </summary>
public sealed class SendEmailBatchJob(AppDbContext db, IOptions<EmailOptions> options, TimeProvider clock, ILogger<SendEmailBatchJob> logger,
    Infrastructure.Observability.AppMetrics metrics)
{
    public const int MaxBatch = 200;

    [AutomaticRetry(Attempts = 10)]
    public async Task SendAsync(Guid[] emailIds, CancellationToken ct)
    {
        var pending = await db.OutboundEmails.Where(e => emailIds.Contains(e.Id) && e.SentAt == null).ToListAsync(ct);
        await using var transport = new MailTransport(options);
        foreach (var email in pending)
        {
            // Cancellation stops the batch between messages; the transport never cancels a message once sent.
            ct.ThrowIfCancellationRequested();
            email.Attempts++;
            try
            {
                await transport.SendAsync(email, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metrics.EmailFailed();
                email.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                await db.SaveChangesAsync(CancellationToken.None);
                logger.LogWarning(ex, "Sending e-mail {EmailId} failed on attempt {Attempt}", email.Id, email.Attempts);
                throw;
            }
            email.SentAt = clock.GetUtcNow();
            email.LastError = null;
            // The message has left: record it as sent even when the job is being canceled, or a retry sends it twice.
            await db.SaveChangesAsync(CancellationToken.None);
            metrics.EmailSent();
            logger.LogInformation("Sent e-mail {EmailId} ({Subject})", email.Id, email.Subject);
        }
    }
}
