using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Web.Pages.Certificates;

/// <summary>The learner's certificates and transcript, filterable by a license-renewal date range.</summary>
[Authorize]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Code, string CourseTitle, string CourseVersion, string Credit, CertificateDate Completed, CertificateStatus Status, bool HasBadge);

    public IReadOnlyList<Row> Certificates { get; private set; } = [];
    public int PendingClaims { get; private set; }
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }
    public string TimeZoneId { get; private set; } = "UTC";
    public IReadOnlyList<(string Unit, decimal Total)> Totals { get; private set; } = [];
    public string? DateError { get; private set; }

    public async Task OnGetAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var userId = User.UserId();
        TimeZoneId = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZoneId).SingleAsync(ct);
        if (from is not null && to is not null && from > to)
        {
            DateError = "The start date must be on or before the end date.";
            from = to = null;
        }
        From = from;
        To = to;
        var all = await db.Certificates.AsNoTracking().Where(c => c.UserId == userId).OrderByDescending(c => c.IssuedAt).ToListAsync(ct);
        // Each certificate's completion date as it shows everywhere: in the zone it was issued in (ADR-018).
        bool InRange(Certificate c)
        {
            var local = CertificateDates.Completed(c.Document).Date;
            return (from is null || local >= from) && (to is null || local <= to);
        }
        Certificates = all.Where(InRange)
            .Select(c => new Row(c.Id, c.VerificationCode, c.Document.CourseTitle, c.Document.CourseVersion,
                $"{c.Document.Credits:0.##} {c.Document.CreditUnit}", CertificateDates.Completed(c.Document), c.Status, c.CredentialJwt is not null))
            .ToList();
        Totals = all.Where(c => InRange(c) && c.Status == CertificateStatus.Active)
            .GroupBy(c => c.Document.CreditUnit).Select(g => (g.Key, g.Sum(c => c.Document.Credits))).ToList();
        PendingClaims = await db.CreditClaims.CountAsync(c => c.UserId == userId && !db.CreditAwards.Any(a => a.ClaimId == c.Id && db.Certificates.Any(x => x.AwardId == a.Id)), ct);
    }

    public string Format(DateTimeOffset at) => TimeZones.Format(at, TimeZoneId);
}
