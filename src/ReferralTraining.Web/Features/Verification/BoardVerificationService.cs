using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>What a credentialing body may read: codes in bulk, and the CE record of clinicians who consented to share it with them.</summary>
public sealed class BoardVerificationService(AppDbContext db)
{
    public const int MaxRows = 1_000;
    public const int MaxBytes = 256 * 1024;
    public const int MaxAuditYears = 10;

    /// <summary>Reads a CSV whose header has a <c>code</c> column; the whole file is refused on the first problem.</summary>
    public static (IReadOnlyList<(int Line, string Code)> Codes, BulkProblem? Problem) ParseCsv(string text) => CodeListCsv.Parse(text);

    public async Task<IReadOnlyList<BulkVerificationLine>> VerifyAsync(IReadOnlyList<(int Line, string Code)> codes, CancellationToken ct)
    {
        var results = await VerificationService.VerifyManyAsync(db, codes.Select(c => (string?)c.Code).ToList(), ct);
        return codes.Zip(results, (c, r) => new BulkVerificationLine(c.Line, c.Code, r.Status, r.Code, r.HolderName, r.CourseTitle, r.CreditType,
            r.Credits, r.CreditUnit, r.CompletedAt, r.IssuedAt, r.StatusChangedAt, r.StatusReason, r.Completed)).ToList();
    }

    public static string? ValidateRange(DateOnly? from, DateOnly? to)
    {
        if (from is null || to is null)
        {
            return "Give both dates, from and to, as YYYY-MM-DD.";
        }
        if (from > to)
        {
            return "The start date must be on or before the end date.";
        }
        if (from.Value.AddYears(MaxAuditYears) < to.Value)
        {
            return $"The period can be at most {MaxAuditYears} years.";
        }
        return null;
    }

    /// <summary>
    /// The certificates (any status) completed in the period by the clinician holding this license, only when that
    /// clinician has an active share consent for <paramref name="bodyUserId"/>; otherwise null, exactly as if
    /// nobody held the license.
    /// </summary>
    public async Task<AuditResult?> AuditAsync(Guid bodyUserId, string authority, string number, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var a = authority.Trim().ToUpperInvariant();
        var n = number.Trim().ToUpperInvariant();
        // Translated to SQL upper(); string.Equals with a StringComparison has no translation.
#pragma warning disable CA1862
        var holders = await db.Licenses.AsNoTracking()
            .Where(l => l.IssuingAuthority.ToUpper() == a && l.Number.ToUpper() == n)
#pragma warning restore CA1862
            .Where(l => db.Set<ShareConsent>().Any(c => c.UserId == l.UserId && c.BodyUserId == bodyUserId && c.WithdrawnAt == null))
            .Select(l => new { l.UserId, l.IssuingAuthority, l.Number })
            .ToListAsync(ct);
        // Two accounts claiming one license is ambiguous: say nothing rather than merge two people's records.
        if (holders.Select(h => h.UserId).Distinct().Count() != 1)
        {
            return null;
        }
        var holder = holders[0];
        var user = await db.Users.AsNoTracking().Where(u => u.Id == holder.UserId).Select(u => new { u.GivenName, u.MiddleName, u.FamilyName, u.Suffix }).SingleAsync(ct);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.UserId == holder.UserId).ToListAsync(ct);
        // The period is compared with each certificate's own completion date, the one it shows (ADR-018).
        var records = certificates
            .Where(c =>
            {
                var local = CertificateDates.Completed(c.Document).Date;
                return local >= from && local <= to;
            })
            .OrderBy(c => c.Document.ActivityEnd)
            .Select(c => new AuditRecord(c.VerificationCode, VerificationService.StatusName(c.Status), c.Document.CourseTitle, c.Document.CourseVersion, c.Document.CreditTypeName,
                c.Document.Credits, c.Document.CreditUnit, c.Document.ActivityEnd, c.IssuedAt, c.StatusChangedAt,
                StatusReasons.Public(c.Status, c.StatusReason), CertificateDates.Completed(c.Document)))
            .ToList();
        var name = Accounts.AppUser.FullName(user.GivenName, user.MiddleName, user.FamilyName, user.Suffix);
        return new AuditResult(name, holder.IssuingAuthority, holder.Number, from, to, records);
    }

    /// <summary>The bulk results as CSV for the board's own records (cells protected against formula injection).</summary>
    public static string ResultsCsv(IReadOnlyList<BulkVerificationLine> lines)
    {
        var csv = new StringBuilder("line,input,status,code,holder,course,credit_type,credits,credit_unit,completed_date,completed_time_zone,issued_utc,status_changed_utc,status_reason\r\n");
        foreach (var l in lines)
        {
            Csv.AppendRow(csv, ',', [l.Line.ToString(CultureInfo.InvariantCulture), l.Input, l.Status, l.Code, l.HolderName, l.CourseTitle, l.CreditType,
                l.Credits?.ToString("0.##", CultureInfo.InvariantCulture), l.CreditUnit, l.Completed?.IsoDate, l.Completed?.ZoneId, Date(l.IssuedAt), Date(l.StatusChangedAt), l.StatusReason]);
        }
        return csv.ToString();
    }

    private static string? Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
