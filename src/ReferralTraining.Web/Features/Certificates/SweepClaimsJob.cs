using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>Recurring safety net: claims with no award or awards with no certificate are issued again.</summary>
public sealed class SweepClaimsJob(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock, IOptions<CertificatesOptions> options)
{
    public const string RecurringId = "certificate-sweep";

    public async Task RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddSeconds(-options.Value.SweepAfterSeconds);
        var stuck = await db.CreditClaims
            .Where(c => c.AttestedAt < cutoff)
            .Where(c => !db.CreditAwards.Any(a => a.ClaimId == c.Id)
                || db.CreditAwards.Any(a => a.ClaimId == c.Id && !db.Certificates.Any(x => x.AwardId == a.Id)))
            .OrderBy(c => c.AttestedAt).Select(c => c.Id).Take(500).ToListAsync(ct);
        if (stuck.Count > 0)
        {
            var batch = stuck.ToArray();
            jobs.Enqueue<IssueClaimsBatchJob>(j => j.RunAsync(batch, CancellationToken.None));
        }
    }
}
