using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>
/// Admin downloads for accreditor reporting. Only learners with an active reporting consent for the target, only
/// Active certificates, completion dates in the learner's own time zone.
/// </summary>
public sealed class ReportingExports(AppDbContext db, IOptions<ReportingOptions> options)
{
    /// <summary>
    /// Default CE Broker-style profession codes. CE Broker's real codes are per state board (FL uses e.g. RN, MHC, SW);
    /// these are the common abbreviations and can be overridden by Reporting:CeBrokerProfessionCodes.
    /// </summary>
    public static readonly IReadOnlyDictionary<Profession, string> DefaultProfessionCodes = new Dictionary<Profession, string>
    {
        [Profession.Counselor] = "MHC",
        [Profession.Physician] = "MD",
        [Profession.Nurse] = "RN",
        [Profession.Psychologist] = "PY",
        [Profession.SocialWorker] = "SW",
        [Profession.PeerSpecialist] = "PRS",
        // Other: no code; CE Broker rejects a guess, so the cell is left blank for the admin to fill in.
    };

    /// <summary>US states, DC and territories: an issuing authority written as one of these becomes "State=XX".</summary>
    public static readonly IReadOnlySet<string> StateCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI",
        "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
        "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "VI", "GU", "AS", "MP",
    };

    public static string? StateOf(string authority)
    {
        var a = authority.Trim().ToUpperInvariant();
        return StateCodes.Contains(a) ? a : null;
    }

    private sealed record Learner(Guid Id, string GivenName, string FamilyName, Profession? Profession, string TimeZoneId, List<License> Licenses, ReportingProfile? Profile);

    private async Task<List<(Learner Learner, Certificate Certificate, DateOnly Completed)>> CompletionsAsync(string target, DateOnly from, DateOnly to)
    {
        var consenting = db.Set<ReportingConsent>().Where(c => c.Target == target && c.WithdrawnAt == null).Select(c => c.UserId);
        var learners = await db.Users.AsNoTracking().Where(u => consenting.Contains(u.Id))
            .Select(u => new Learner(u.Id, u.GivenName, u.FamilyName, u.Profession, u.TimeZoneId, u.Licenses.ToList(),
                db.Set<ReportingProfile>().SingleOrDefault(p => p.UserId == u.Id)))
            .ToDictionaryAsync(l => l.Id);
        var ids = learners.Keys.ToList();
        var certificates = await db.Certificates.AsNoTracking().Where(c => ids.Contains(c.UserId) && c.Status == CertificateStatus.Active).ToListAsync();
        return certificates
            .Select(c =>
            {
                // The date the certificate itself shows, in the zone it was issued in (ADR-018).
                return (learner: learners[c.UserId], c, CertificateDates.Completed(c.Document).Date);
            })
            .Where(x => x.Item3 >= from && x.Item3 <= to)
            .OrderBy(x => x.Item3).ThenBy(x => x.learner.FamilyName, StringComparer.Ordinal).ThenBy(x => x.c.VerificationCode, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// CE Broker roster in the Excel upload column layout (help.cebroker.com, "Creating Excel Files"), as CSV without a
    /// header row: A provider, B course number, C our course id, D publishing number (blank), E licence, F date,
    /// G State=XX, H Profession=code. One row per licence the learner holds; learners without a licence cannot be reported.
    /// </summary>
    public async Task<ExportFile> CeBrokerRosterAsync(DateOnly from, DateOnly to)
    {
        var o = options.Value;
        var provider = o.ProviderTrackingNumber.StartsWith("50-", StringComparison.Ordinal) ? o.ProviderTrackingNumber[3..] : o.ProviderTrackingNumber;
        var csv = new StringBuilder();
        var rows = 0;
        foreach (var (learner, certificate, completed) in await CompletionsAsync(ReportingTargets.CeBroker, from, to))
        {
            var course = certificate.Document.CourseId;
            var courseNumber = o.CeBrokerCourseNumbers.TryGetValue(course, out var n) ? (n.StartsWith("20-", StringComparison.Ordinal) ? n[3..] : n) : "";
            var profession = learner.Profession is { } p && (o.CeBrokerProfessionCodes.TryGetValue(p, out var code) || DefaultProfessionCodes.TryGetValue(p, out code))
                ? $"Profession={code}" : "";
            foreach (var license in learner.Licenses.OrderBy(l => l.IssuingAuthority, StringComparer.Ordinal))
            {
                var state = StateOf(license.IssuingAuthority);
                Csv.AppendRow(csv, ',', [provider, courseNumber, course, "", license.Number,
                    completed.ToString("M/d/yyyy", CultureInfo.InvariantCulture), state is null ? "" : $"State={state}", profession]);
                rows++;
            }
        }
        return new ExportFile($"ce-broker-roster-{from:yyyyMMdd}-{to:yyyyMMdd}.csv", "text/csv; charset=utf-8", Encoding.UTF8.GetBytes(csv.ToString()), rows);
    }

    public static readonly IReadOnlyList<string> ParsColumns =
        ["First Name", "Last Name", "DOB (MMDD)", "NPI", "License State", "License Number", "Completion Date", "Credits", "Activity ID"];

    /// <summary>
    /// ACCME PARS-style learner file (tab-delimited, header row): physicians only, one row per certificate of a reported
    /// credit type. Identifies the learner by NPI when given, and by the first licence issued by a state.
    /// Check the column order against the current "Learner Template B" before uploading.
    /// </summary>
    public async Task<ExportFile> ParsLearnersAsync(DateOnly from, DateOnly to)
    {
        var o = options.Value;
        var tsv = new StringBuilder();
        Csv.AppendRow(tsv, '\t', ParsColumns);
        var rows = 0;
        foreach (var (learner, certificate, completed) in await CompletionsAsync(ReportingTargets.Pars, from, to))
        {
            if (learner.Profession != Profession.Physician || !o.ParsCreditTypes.Contains(certificate.Document.CreditTypeId))
            {
                continue;
            }
            var license = learner.Licenses.Where(l => StateOf(l.IssuingAuthority) is not null).OrderBy(l => l.IssuingAuthority, StringComparer.Ordinal).FirstOrDefault();
            var activity = o.ParsActivityIds.TryGetValue(certificate.Document.CourseId, out var id) ? id : o.ParsActivityId;
            Csv.AppendRow(tsv, '\t', [learner.GivenName, learner.FamilyName, learner.Profile?.BirthMonthDay, learner.Profile?.Npi,
                license is null ? null : StateOf(license.IssuingAuthority), license?.Number, completed.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
                certificate.Document.Credits.ToString("0.00", CultureInfo.InvariantCulture), activity]);
            rows++;
        }
        return new ExportFile($"pars-learners-{from:yyyyMMdd}-{to:yyyyMMdd}.txt", "text/tab-separated-values; charset=utf-8", Encoding.UTF8.GetBytes(tsv.ToString()), rows);
    }
}
