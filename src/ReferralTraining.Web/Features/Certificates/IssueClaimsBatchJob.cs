using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// Issues a batch of claims in one job (an import of completions, a backlog after an outage, the sweep):
/// thousands of claims need a handful of jobs, not one job each. Each claim is still exactly-once.
/// </summary>
public sealed class IssueClaimsBatchJob(AppDbContext db, CertificateIssuer issuer, EmailService email)
{
    public const int MaxBatch = 2000;

    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(Guid[] claimIds, CancellationToken ct)
    {
        var emails = new List<Guid>();
        try
        {
            foreach (var id in claimIds.Take(MaxBatch))
            {
                await issuer.IssueAsync(id, emails, ct);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            // Recorded e-mails are sent in a few batch jobs; any not enqueued (a crash) are found by the e-mail sweep.
            // Their certificates are committed, so this runs to the end even when the job was canceled mid-batch.
            await email.EnqueueManyAsync(emails, CancellationToken.None);
        }
    }
}
