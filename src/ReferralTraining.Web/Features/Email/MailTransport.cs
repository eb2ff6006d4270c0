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

    public async Task SendAsync(OutboundEmail email, CancellationToken ct)
    {
        var settings = options.Value;
        var message = Build(email);
        if (!string.IsNullOrEmpty(settings.PickupDirectory))
        {
            Directory.CreateDirectory(settings.PickupDirectory);
            await message.WriteToAsync(Path.Combine(settings.PickupDirectory, $"{email.Id:N}.eml"), ct);
            return;
        }
        if (client is null)
        {
            client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.TimeoutSeconds).TotalMilliseconds };
            await client.ConnectAsync(settings.Host, settings.Port, settings.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
            }
        }
        // Connecting may be canceled; the send may not. A send canceled after the server took the message but before
        // its reply was read counts as failed and the retry sends it again (ADR-026). Hangfire also cancels jobs it
        // thinks were aborted (a requeued orphan): the three-kill recovery test saw 25 duplicates while this took ct.
        await client.SendAsync(message, CancellationToken.None);
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
