using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Email;

public sealed class EmailService(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock, IOptions<EmailOptions> options, ILogger<EmailService> logger)
{
    /// <summary>Ids handed out for messages that were not recorded (undeliverable addresses): never enqueued.</summary>
    private readonly HashSet<Guid> skipped = [];

    /// <summary>
    /// False for an address under the reserved ".invalid" top-level domain (RFC 2606, RFC 6761): accounts created by an
    /// LMS launch (<c>@lms.invalid</c>) have no real address, and mail to them could only bounce.
    /// </summary>
    public static bool IsDeliverable(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return false;
        }
        var domain = address![(at + 1)..].TrimEnd('.');
        return !(domain.Equals("invalid", StringComparison.OrdinalIgnoreCase) || domain.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Records the message, then enqueues its send. If enqueueing fails, the sweep job sends it later.</summary>
    public async Task<Guid> QueueAsync(EmailMessage message, CancellationToken ct)
    {
        var id = Add(message, Guid.NewGuid());
        if (skipped.Contains(id))
        {
            return id;
        }
        await db.SaveChangesAsync(ct);
        // Committed: hand it to the job system now even if the request is going away (the sweep is only the fallback).
        await EnqueueAsync(id, CancellationToken.None);
        return id;
    }

    /// <summary>
    /// Records a message in the caller's unit of work without saving or enqueueing: the caller commits it with
    /// the change it reports, then calls <see cref="EnqueueManyAsync"/> (or leaves it to the sweep).
    /// </summary>
    public Guid Add(EmailMessage message, Guid id)
    {
        if (!IsDeliverable(message.To))
        {
            // Skipped, not queued: the caller keeps its id (a reference only) and EnqueueManyAsync leaves it out.
            skipped.Add(id);
            logger.LogInformation("E-mail {EmailId} ({Subject}) not recorded: the account has no deliverable address", id, message.Subject);
            return id;
        }
        db.OutboundEmails.Add(new OutboundEmail
        {
            Id = id,
            To = message.To,
            ToName = message.ToName,
            Subject = message.Subject,
            TextBody = message.TextBody(),
            HtmlBody = message.HtmlBody(),
            ListUnsubscribeUrl = message.UnsubscribeUrl,
            CreatedAt = clock.GetUtcNow(),
        });
        return id;
    }

    /// <summary>Enqueues committed messages in batches (one job per batch, one SMTP connection each).</summary>
    public async Task EnqueueManyAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        foreach (var chunk in ids.Where(id => !skipped.Contains(id)).Chunk(SendEmailBatchJob.MaxBatch))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                jobs.Enqueue<SendEmailBatchJob>(job => job.SendAsync(chunk, CancellationToken.None));
                // Once the job exists, its mark must be written too, or the sweep would enqueue a second send.
                await db.OutboundEmails.Where(e => chunk.Contains(e.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.EnqueuedAt, clock.GetUtcNow()), CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not enqueue {Count} e-mails; the sweep job will retry", chunk.Length);
            }
        }
    }

    /// <summary>Enqueues sends for messages that were recorded but never handed to the job system.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddSeconds(-options.Value.SweepAfterSeconds);
        var ids = await db.OutboundEmails
            .Where(e => e.SentAt == null && e.EnqueuedAt == null && e.CreatedAt < cutoff)
            .OrderBy(e => e.CreatedAt).Select(e => e.Id).Take(500).ToListAsync(ct);
        foreach (var id in ids)
        {
            ct.ThrowIfCancellationRequested();
            await EnqueueAsync(id, ct);
        }
        return ids.Count;
    }

    private async Task EnqueueAsync(Guid id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            jobs.Enqueue<SendEmailJob>(job => job.SendAsync(id, CancellationToken.None));
            // Once the job exists, its mark must be written too, or the sweep would enqueue a second send.
            await db.OutboundEmails.Where(e => e.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.EnqueuedAt, clock.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not enqueue e-mail {EmailId}; the sweep job will retry", id);
        }
    }
}
