using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>Signs a certificate's credential; the Open Badges signer plugs in here.</summary>
public interface ICredentialSigner
{
    Task<string?> SignAsync(CertificateDocument document);
}

/// <summary>Signs each certificate as an Open Badges 3.0 credential (VC-JWT, ES256) with the issuer's current key.</summary>
internal sealed class OpenBadgeSigner(Credentials.IssuerKeyStore keys, IOptions<Credentials.CredentialsOptions> options) : ICredentialSigner
{
    public async Task<string?> SignAsync(CertificateDocument document) =>
        await keys.SignAsync(Credentials.OpenBadgeBuilder.Build(document, options.Value));
}

/// <summary>
/// The revocation lists publish exactly the revoked certificates, the suspension lists exactly the suspended ones, each at
/// the certificate's one slot (ADR-007): reinstating clears the suspension bit, revoking moves it to the revocation list for good.
/// </summary>
internal sealed class RevokedCertificates(AppDbContext db) : Credentials.IRevokedIndexSource
{
    public Task<IReadOnlyCollection<int>> RevokedIndexesAsync(int list) => IndexesAsync(list, CertificateStatus.Revoked);

    public Task<IReadOnlyCollection<int>> SuspendedIndexesAsync(int list) => IndexesAsync(list, CertificateStatus.Suspended);

    private async Task<IReadOnlyCollection<int>> IndexesAsync(int list, CertificateStatus status) =>
        await db.Certificates.AsNoTracking().Where(c => c.StatusList == list && c.Status == status).Select(c => c.StatusListIndex).ToListAsync();

    // List 1 always exists (it is published before the first certificate); later lists once the allocator created them.
    public async Task<int> ListCountAsync() =>
        Math.Max(1, await db.Set<StatusListSlot>().MaxAsync(s => (int?)s.List) ?? 0);
}

/// <summary>
/// Turns a claim into an award and a certificate with an exactly-once effect: the award is unique per
/// enrolment and credit type, the certificate unique per award, so a job that runs twice, concurrently or
/// after a crash between the two steps still leaves one of each.
/// </summary>
public sealed class CertificateIssuer(
    AppDbContext db, IOptions<CertificatesOptions> options, IOptions<Credentials.CredentialsOptions> site, ICredentialSigner signer, EmailService email,
    StatusListAllocator statusLists, TimeProvider clock, ILogger<CertificateIssuer> logger, Infrastructure.Observability.AppMetrics metrics)
{
    /// <param name="emailIds">When given (a batch), the certificate e-mails are collected here and the caller enqueues them together.</param>
    public async Task<Guid?> IssueAsync(Guid claimId, List<Guid>? emailIds = null)
    {
        var claim = await db.CreditClaims.AsNoTracking().SingleOrDefaultAsync(c => c.Id == claimId);
        if (claim is null)
        {
            return null;
        }
        var award = await EnsureAwardAsync(claim);
        var existing = await db.Certificates.AsNoTracking().Where(c => c.AwardId == award.Id).Select(c => (Guid?)c.Id).SingleOrDefaultAsync();
        if (existing is not null)
        {
            return existing;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var certificate = await BuildAsync(award);
            db.Certificates.Add(certificate);
            // The notice is recorded with the certificate (one transaction): a crash cannot leave one without the other.
            var emailId = Notify(certificate);
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
                var raced = await db.Certificates.AsNoTracking().Where(c => c.AwardId == award.Id).Select(c => (Guid?)c.Id).SingleOrDefaultAsync();
                if (raced is not null)
                {
                    return raced; // a concurrent run issued it first
                }
                continue; // a verification code collided: draw a new one
            }
            if (emailIds is null)
            {
                await email.EnqueueManyAsync([emailId]);
            }
            else
            {
                emailIds.Add(emailId);
            }
            metrics.CertificateIssued();
            logger.LogInformation("Issued certificate {CertificateId} for award {AwardId}", certificate.Id, award.Id);
            return certificate.Id;
        }
        throw new InvalidOperationException($"Could not allocate a unique verification code for award {award.Id}.");
    }

    private async Task<CreditAward> EnsureAwardAsync(CreditClaim claim)
    {
        var hash = await db.CourseVersions.Where(v => v.Id == claim.CourseVersionId).Select(v => v.ContentHash).SingleAsync();
        // ON CONFLICT DO NOTHING: the unique (enrolment, credit type) index decides who wins.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO credit_awards ("Id", "ClaimId", "EnrollmentId", "UserId", "CourseVersionId", "ContentHash", "CreditTypeId", "Kind", "Amount", "AwardedAt")
            VALUES ({Guid.NewGuid()}, {claim.Id}, {claim.EnrollmentId}, {claim.UserId}, {claim.CourseVersionId}, {hash}, {claim.CreditTypeId}, {claim.Kind.ToString()}, {claim.Amount}, {clock.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """);
        return await db.CreditAwards.AsNoTracking().SingleAsync(a => a.EnrollmentId == claim.EnrollmentId && a.CreditTypeId == claim.CreditTypeId && a.Kind == claim.Kind);
    }

    private async Task<Certificate> BuildAsync(CreditAward award)
    {
        var settings = options.Value;
        var user = await db.Users.AsNoTracking().Include(u => u.Licenses).SingleAsync(u => u.Id == award.UserId);
        var enrollment = await db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == award.EnrollmentId);
        // Only the columns a certificate prints: a version row also carries the whole quiz pool and overview.
        var version = await db.CourseVersions.AsNoTracking().Where(v => v.Id == award.CourseVersionId)
            .Select(v => new { v.CourseId, v.Title, v.Version, v.ContentHash, v.Credits }).SingleAsync();
        var type = settings.CreditTypes.GetValueOrDefault(award.CreditTypeId)
            ?? throw new InvalidOperationException($"Credit type '{award.CreditTypeId}' is not configured.");
        var practice = award.Kind == CreditKind.PracticeImprovement;
        var offered = practice ? type.PracticeImprovementCredits ?? award.Amount
            : version.Credits.FirstOrDefault(c => c.Type == award.CreditTypeId)?.Hours ?? award.Amount;
        var completedAt = await db.QuizAttempts.Where(a => a.EnrollmentId == enrollment.Id && a.Passed == true).MaxAsync(a => a.SubmittedAt)
            ?? enrollment.ReadingCompletedAt ?? award.AwardedAt;
        // A practice-improvement activity runs from course completion to the final follow-up answered.
        var (start, end) = practice
            ? (completedAt, await db.Set<PracticeChange.FollowUp>().Where(f => f.EnrollmentId == enrollment.Id && f.IsFinal).Select(f => f.RespondedAt).SingleOrDefaultAsync() ?? award.AwardedAt)
            : (enrollment.EnrolledAt, completedAt);
        var code = VerificationCode.New();
        var id = Guid.NewGuid();
        var (statusList, statusIndex) = await statusLists.NextAsync();
        var document = new CertificateDocument(
            id, code, clock.GetUtcNow(),
            user.GivenName, user.MiddleName, user.FamilyName, user.Suffix, user.Email!,
            user.Licenses.OrderBy(l => l.IssuingAuthority).Select(l => new LicenseLine(l.IssuingAuthority, l.Number)).ToList(),
            version.CourseId, practice ? $"{version.Title}: practice-change follow-up" : version.Title, version.Version, version.ContentHash,
            practice ? settings.PracticeImprovementFormat : settings.ActivityFormat,
            start, end,
            award.CreditTypeId, type.Name, type.Unit, award.Amount, offered,
            type.Statement.Replace("{provider}", settings.ProviderName, StringComparison.Ordinal),
            settings.ProviderName, settings.ProviderUrl,
            $"{site.Value.BaseUrl}/verify/{code}",
            statusIndex,
            award.Kind,
            statusList,
            string.IsNullOrWhiteSpace(type.Accreditor) ? null : type.Accreditor.Trim(),
            string.IsNullOrWhiteSpace(type.AccreditorUrl) ? null : type.AccreditorUrl.Trim());
        return new Certificate
        {
            Id = id,
            AwardId = award.Id,
            UserId = award.UserId,
            VerificationCode = code,
            IssuedAt = document.IssuedAt,
            StatusList = document.StatusList,
            StatusListIndex = document.StatusListIndex,
            Status = CertificateStatus.Active,
            Document = document,
            CredentialJwt = await signer.SignAsync(document),
        };
    }

    private Guid Notify(Certificate certificate)
    {
        var d = certificate.Document;
        return email.Add(new EmailMessage(
            d.HolderEmail, d.HolderName, $"Your certificate for {d.CourseTitle}",
            $"Your certificate for {d.CourseTitle} is ready: {options.Value.FormatAmount(d.CreditTypeId, d.Credits)}. Its verification code is {d.VerificationCode}. Download the PDF and the Open Badge from your certificates page.",
            "See my certificates", $"{site.Value.BaseUrl}/certificates",
            "You received this because you claimed continuing-education credit on ReferralTraining."), Guid.NewGuid());
    }
}

public sealed class IssueCertificateJob(CertificateIssuer issuer)
{
    [AutomaticRetry(Attempts = 10)]
    public Task RunAsync(Guid claimId) => issuer.IssueAsync(claimId);
}

/// <summary>
/// Issues a batch of claims in one job (an import of completions, a backlog after an outage, the sweep):
/// thousands of claims need a handful of jobs, not one job each. Each claim is still exactly-once.
/// </summary>
public sealed class IssueClaimsBatchJob(AppDbContext db, CertificateIssuer issuer, EmailService email)
{
    public const int MaxBatch = 2000;

    [AutomaticRetry(Attempts = 10)]
    public async Task RunAsync(Guid[] claimIds)
    {
        var emails = new List<Guid>();
        try
        {
            foreach (var id in claimIds.Take(MaxBatch))
            {
                await issuer.IssueAsync(id, emails);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            // Recorded e-mails are sent in a few batch jobs; any not enqueued (a crash) are found by the e-mail sweep.
            await email.EnqueueManyAsync(emails);
        }
    }
}

/// <summary>Recurring safety net: claims with no award or awards with no certificate are issued again.</summary>
public sealed class SweepClaimsJob(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock, IOptions<CertificatesOptions> options)
{
    public const string RecurringId = "certificate-sweep";

    public async Task RunAsync()
    {
        var cutoff = clock.GetUtcNow().AddSeconds(-options.Value.SweepAfterSeconds);
        var stuck = await db.CreditClaims
            .Where(c => c.AttestedAt < cutoff)
            .Where(c => !db.CreditAwards.Any(a => a.ClaimId == c.Id)
                || db.CreditAwards.Any(a => a.ClaimId == c.Id && !db.Certificates.Any(x => x.AwardId == a.Id)))
            .OrderBy(c => c.AttestedAt).Select(c => c.Id).Take(500).ToListAsync();
        if (stuck.Count > 0)
        {
            var batch = stuck.ToArray();
            jobs.Enqueue<IssueClaimsBatchJob>(j => j.RunAsync(batch));
        }
    }
}

/// <summary>Revoke, suspend or reinstate, with a reason, keeping every change in the audit log.</summary>
public sealed class CertificateStatusService(AppDbContext db, TimeProvider clock)
{
    public async Task<string?> ChangeAsync(Guid certificateId, CertificateStatus to, string? reason, Guid actorUserId)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5 || reason.Length > 500)
        {
            return "Give a reason of 5 to 500 characters; boards see it.";
        }
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == certificateId);
        if (certificate is null)
        {
            return "There is no such certificate.";
        }
        if (certificate.Status == CertificateStatus.Revoked)
        {
            return "A revoked certificate stays revoked (revocation is permanent; issue a new certificate if needed).";
        }
        if (certificate.Status == to)
        {
            return $"The certificate is already {to.ToString().ToLowerInvariant()}.";
        }
        var now = clock.GetUtcNow();
        db.CertificateStatusEvents.Add(new CertificateStatusEvent
        {
            CertificateId = certificate.Id, From = certificate.Status, To = to, Reason = reason.Trim(), ActorUserId = actorUserId, At = now,
        });
        certificate.Status = to;
        certificate.StatusChangedAt = now;
        certificate.StatusReason = reason.Trim();
        await db.SaveChangesAsync();
        return null;
    }
}
