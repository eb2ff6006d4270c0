using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Email;

/// <summary>Sends one recorded e-mail. Throws on failure so Hangfire retries with back-off.</summary>
public sealed class SendEmailJob(SendEmailBatchJob batch)
{
    [AutomaticRetry(Attempts = 10)]
    public Task SendAsync(Guid emailId, CancellationToken ct) => batch.SendAsync([emailId], ct);
}
