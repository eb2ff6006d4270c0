using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Email;

/// <summary>Recurring safety net for messages whose send was never enqueued.</summary>
public sealed class SweepEmailsJob(EmailService email)
{
    public const string RecurringId = "email-sweep";

    public Task RunAsync(CancellationToken ct) => email.SweepAsync(ct);
}
