using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Scorm;

/// <summary>Reads the learner's standing in the launched course from our own records (enrollment, quiz, certificate).</summary>
public sealed class ScormProgressReader(AppDbContext db, PublicLinks links)
{
    public async Task<ScormProgress> ReadAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => new { e.Id, e.ReadingCompletedAt }).SingleOrDefaultAsync(ct);
        if (enrollment is null)
        {
            return new ScormProgress("incomplete", false, null, null);
        }
        var attempts = await db.QuizAttempts.AsNoTracking().Where(a => a.EnrollmentId == enrollment.Id && a.SubmittedAt != null)
            .OrderByDescending(a => a.Number).Select(a => new { a.Passed, a.ScorePercent }).ToListAsync(ct);
        var passed = attempts.FirstOrDefault(a => a.Passed == true);
        var latest = attempts.FirstOrDefault();
        var code = await db.Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Active && db.CreditAwards.Any(a => a.Id == c.AwardId && a.EnrollmentId == enrollment.Id))
            .OrderByDescending(c => c.IssuedAt).Select(c => c.VerificationCode).FirstOrDefaultAsync(ct);
        var verifyUrl = code is null ? null : links.To($"/verify/{Uri.EscapeDataString(code)}");
        var read = enrollment.ReadingCompletedAt is not null;
        if (passed is not null)
        {
            return new ScormProgress("passed", true, passed.ScorePercent, verifyUrl);
        }
        if (latest is not null)
        {
            return new ScormProgress("failed", read, latest.ScorePercent, verifyUrl);
        }
        return new ScormProgress(read ? "completed" : "incomplete", read, null, verifyUrl);
    }
}
