using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// Turns a claim into an award and a certificate with an exactly-once effect: the award is unique per
/// enrollment and credit type, the certificate unique per award, so a job that runs twice, concurrently or
/// after a crash between the two steps still leaves one of each.
/// </summary>
public sealed class CertificateIssuer(
    AppDbContext db, IOptions<CertificatesOptions> options, IOptions<Credentials.CredentialsOptions> site, ICredentialSigner signer, EmailService email,
    StatusListAllocator statusLists, TimeProvider clock, ILogger<CertificateIssuer> logger, Infrastructure.Observability.AppMetrics metrics)
{
    /// <param name="emailIds">When given (a batch), the certificate e-mails are collected here and the caller enqueues them together.</param>
    public async Task<Guid?> IssueAsync(Guid claimId, List<Guid>? emailIds, CancellationToken ct)
    {
        var claim = await db.CreditClaims.AsNoTracking().SingleOrDefaultAsync(c => c.Id == claimId, ct);
        if (claim is null)
        {
            return null;
        }
        var award = await EnsureAwardAsync(claim, ct);
        var existing = await db.Certificates.AsNoTracking().Where(c => c.AwardId == award.Id).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var certificate = await BuildAsync(award, ct);
            db.Certificates.Add(certificate);
            // The notice is recorded with the certificate (one transaction): a crash cannot leave one without the other.
            var emailId = Notify(certificate);
            try
            {
                // Certificate and notice commit together or not at all: canceling here rolls both back.
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
                var raced = await db.Certificates.AsNoTracking().Where(c => c.AwardId == award.Id).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
                if (raced is not null)
                {
                    return raced; // a concurrent run issued it first
                }
                continue; // a verification code collided: draw a new one
            }
            if (emailIds is null)
            {
                // Issued and committed: enqueue its notice now rather than leave it to the sweep.
                await email.EnqueueManyAsync([emailId], CancellationToken.None);
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

    private async Task<CreditAward> EnsureAwardAsync(CreditClaim claim, CancellationToken ct)
    {
        var hash = await db.CourseVersions.Where(v => v.Id == claim.CourseVersionId).Select(v => v.ContentHash).SingleAsync(ct);
        // ON CONFLICT DO NOTHING: the unique (enrollment, credit type) index decides who wins.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO credit_awards ("Id", "ClaimId", "EnrollmentId", "UserId", "CourseVersionId", "ContentHash", "CreditTypeId", "Kind", "Amount", "AwardedAt")
            VALUES ({Guid.NewGuid()}, {claim.Id}, {claim.EnrollmentId}, {claim.UserId}, {claim.CourseVersionId}, {hash}, {claim.CreditTypeId}, {claim.Kind.ToString()}, {claim.Amount}, {clock.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """, ct);
        return await db.CreditAwards.AsNoTracking().SingleAsync(a => a.EnrollmentId == claim.EnrollmentId && a.CreditTypeId == claim.CreditTypeId && a.Kind == claim.Kind, ct);
    }

    private async Task<Certificate> BuildAsync(CreditAward award, CancellationToken ct)
    {
        var settings = options.Value;
        var user = await db.Users.AsNoTracking().Include(u => u.Licenses).SingleAsync(u => u.Id == award.UserId, ct);
        var enrollment = await db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == award.EnrollmentId, ct);
        // Only the columns a certificate prints: a version row also carries the whole quiz pool and overview.
        var version = await db.CourseVersions.AsNoTracking().Where(v => v.Id == award.CourseVersionId)
            .Select(v => new { v.CourseId, v.Title, v.Version, v.ContentHash, v.Credits }).SingleAsync(ct);
        var type = settings.CreditTypes.GetValueOrDefault(award.CreditTypeId)
            ?? throw new InvalidOperationException($"Credit type '{award.CreditTypeId}' is not configured.");
        var practice = award.Kind == CreditKind.PracticeImprovement;
        var offered = practice ? type.PracticeImprovementCredits ?? award.Amount
            : version.Credits.FirstOrDefault(c => c.Type == award.CreditTypeId)?.Hours ?? award.Amount;
        var completedAt = await db.QuizAttempts.Where(a => a.EnrollmentId == enrollment.Id && a.Passed == true).MaxAsync(a => a.SubmittedAt, ct)
            ?? enrollment.ReadingCompletedAt ?? award.AwardedAt;
        // A practice-improvement activity runs from course completion to the final follow-up answered, which is when its
        // claim was recorded (in the same transaction).
        var (start, end) = practice
            ? (completedAt, await db.CreditClaims.Where(c => c.Id == award.ClaimId).Select(c => (DateTimeOffset?)c.AttestedAt).SingleOrDefaultAsync(ct) ?? award.AwardedAt)
            : (enrollment.EnrolledAt, completedAt);
        var code = VerificationCode.New();
        var id = Guid.NewGuid();
        var (statusList, statusIndex) = await statusLists.NextAsync(ct);
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
            string.IsNullOrWhiteSpace(type.AccreditorUrl) ? null : type.AccreditorUrl.Trim(),
            // The zone at issue is kept: a later move of the profile's zone must not move a date already printed and signed.
            Accounts.TimeZones.IsValid(user.TimeZoneId) ? user.TimeZoneId : "UTC");
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
            CredentialJwt = await signer.SignAsync(document, ct),
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
