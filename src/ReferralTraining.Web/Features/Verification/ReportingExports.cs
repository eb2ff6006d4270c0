using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NPOI.HSSF.UserModel;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>What an admin asked to export: by default every completion not in an earlier export of that target (ADR-019).</summary>
public sealed record ExportSelection(bool NotYetReported, DateOnly? From = null, DateOnly? To = null)
{
    public static readonly ExportSelection NotReported = new(true);
}

/// <summary>
/// The result of an export: refused (with the reason, nothing recorded), nothing to send, or a recorded export. Skipped
/// rows are listed in every case but a refusal.
/// </summary>
public sealed record ExportOutcome(string? Refusal, Guid? ExportId, int Rows, int AlreadyReported, IReadOnlyList<SkippedRow> Skipped);

/// <summary>
/// Admin files for accreditor reporting (ADR-019). Only learners with an active reporting consent for the target, only
/// Active certificates, completion dates by the one date rule (ADR-018). Every export is recorded with its rows, so
/// the default selection never sends a licensee's completion twice.
/// </summary>
public sealed class ReportingExports(AppDbContext db, IOptions<ReportingOptions> options, TimeProvider clock)
{
    // Any constant: two admins exporting at once take turns, so a completion cannot go into both files.
    private const long ExportLock = 0x5245_504F_5254; // "REPORT"

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

    public const string RefusalProviderNumber =
        "Set Reporting:ProviderTrackingNumber (your CE Broker provider tracking number) before exporting the CE Broker roster: CE Broker rejects a roster without it.";

    public const string RefusalParsActivity =
        "Set Reporting:ParsActivityId (the activity id PARS assigned) before exporting the PARS learner file: PARS rejects a learner row without it.";

    private sealed record Learner(Guid Id, string GivenName, string FamilyName, Profession? Profession, List<License> Licenses, ReportingProfile? Profile)
    {
        public string Name => $"{GivenName} {FamilyName}".Trim();
    }

    private sealed record Completion(Learner Learner, Certificate Certificate, DateOnly Completed);

    /// <summary>A row to send: its key (what makes two rows the same report), what it reports and its cells.</summary>
    private sealed record Candidate(string Key, Completion Source, string? State, string? LicenseNumber, IReadOnlyList<string?> Cells);

    private async Task<List<Completion>> CompletionsAsync(string target, ExportSelection selection, CancellationToken ct)
    {
        var consenting = db.Set<ReportingConsent>().Where(c => c.Target == target && c.WithdrawnAt == null).Select(c => c.UserId);
        var learners = await db.Users.AsNoTracking().Where(u => consenting.Contains(u.Id))
            .Select(u => new Learner(u.Id, u.GivenName, u.FamilyName, u.Profession, u.Licenses.ToList(),
                db.Set<ReportingProfile>().SingleOrDefault(p => p.UserId == u.Id)))
            .ToDictionaryAsync(l => l.Id, ct);
        var ids = learners.Keys.ToList();
        var certificates = await db.Certificates.AsNoTracking().Where(c => ids.Contains(c.UserId) && c.Status == CertificateStatus.Active).ToListAsync(ct);
        return certificates
            // The date the certificate itself shows, in the zone it was issued in (ADR-018).
            .Select(c => new Completion(learners[c.UserId], c, CertificateDates.Completed(c.Document).Date))
            .Where(x => selection.NotYetReported || (x.Completed >= selection.From && x.Completed <= selection.To))
            // The course certificate before a practice-improvement one, so a merged duplicate keeps the course row.
            .OrderBy(x => x.Completed).ThenBy(x => x.Learner.FamilyName, StringComparer.Ordinal).ThenBy(x => x.Learner.GivenName, StringComparer.Ordinal)
            .ThenBy(x => x.Certificate.Document.Kind).ThenBy(x => x.Certificate.VerificationCode, StringComparer.Ordinal)
            .ToList();
    }

    private static string DisplayName(Profession profession) =>
        typeof(Profession).GetField(profession.ToString())?.GetCustomAttribute<DisplayAttribute>()?.Name ?? profession.ToString();

    /// <summary>
    /// CE Broker roster as the Excel 97-2003 workbook its upload takes (help.cebroker.com, "Creating Excel Files - Full
    /// Course Credit"), no header row: A provider tracking number without "50-", B course tracking number without
    /// "20-" OR C our own course id, D publishing number (blank), E license number, F completion date (an Excel date),
    /// G State=XX, H Profession=CODE. One row per license, course and completion date.
    /// </summary>
    public async Task<ExportOutcome> CeBrokerRosterAsync(ExportSelection selection, Guid adminUserId, CancellationToken ct)
    {
        var o = options.Value;
        var provider = o.ProviderNumber;
        if (provider.Length == 0)
        {
            return new ExportOutcome(RefusalProviderNumber, null, 0, 0, []);
        }
        var candidates = new List<Candidate>();
        var skipped = new List<SkippedRow>();
        foreach (var completion in await CompletionsAsync(ReportingTargets.CeBroker, selection, ct))
        {
            var (learner, certificate, completed) = completion;
            var course = certificate.Document.CourseId;
            var courseNumber = o.CeBrokerCourseNumbers.TryGetValue(course, out var n) ? ReportingOptions.WithoutPrefix(n, "20-") : null;
            var licenses = learner.Licenses.Where(l => !string.IsNullOrWhiteSpace(l.Number)).OrderBy(l => l.IssuingAuthority, StringComparer.Ordinal).ThenBy(l => l.Number, StringComparer.Ordinal).ToList();
            string? professionCode = null;
            var professionProblem = learner.Profession switch
            {
                null => "no profession on the profile (CE Broker needs Profession=CODE)",
                { } p when !o.CeBrokerProfessionCodes.TryGetValue(p, out professionCode) =>
                    $"no CE Broker profession code for {DisplayName(p)}: set Reporting:CeBrokerProfessionCodes:{p}",
                _ => null,
            };
            if (licenses.Count == 0)
            {
                skipped.Add(new SkippedRow(learner.Name, null, course, completed, "no license number on the profile"));
                continue;
            }
            foreach (var license in licenses)
            {
                var number = license.Number.Trim();
                var state = StateOf(license.IssuingAuthority);
                var problem = state is null
                    ? $"license authority \"{license.IssuingAuthority.Trim()}\" is not a US state or territory (CE Broker needs State=XX)"
                    : professionProblem;
                if (problem is not null)
                {
                    skipped.Add(new SkippedRow(learner.Name, number, course, completed, problem));
                    continue;
                }
                var key = string.Join('|', state, number.ToUpperInvariant(), courseNumber is null ? $"id:{course}" : courseNumber, completed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                candidates.Add(new Candidate(key, completion, state, number,
                    [provider, courseNumber, courseNumber is null ? course : null, null, number, null, $"State={state}", $"Profession={professionCode}"]));
            }
        }
        return await RecordAsync(ReportingTargets.CeBroker, selection, adminUserId, candidates, skipped,
            rows => ($"ce-broker-roster-{clock.GetUtcNow():yyyyMMdd-HHmmss}.xls", "application/vnd.ms-excel", CeBrokerWorkbook(rows)), ct);
    }

    /// <summary>Column F (index 5) is the completion date, written as a date-formatted number so Excel reads a date.</summary>
    public const int CeBrokerDateColumn = 5;

    private static byte[] CeBrokerWorkbook(IReadOnlyList<Candidate> rows)
    {
        var workbook = new HSSFWorkbook();
        var sheet = workbook.CreateSheet("Roster");
        var dateStyle = workbook.CreateCellStyle();
        dateStyle.DataFormat = workbook.CreateDataFormat().GetFormat("m/d/yyyy");
        for (var r = 0; r < rows.Count; r++)
        {
            var row = sheet.CreateRow(r);
            for (var c = 0; c < rows[r].Cells.Count; c++)
            {
                if (c == CeBrokerDateColumn)
                {
                    var cell = row.CreateCell(c);
                    cell.SetCellValue(rows[r].Source.Completed.ToDateTime(TimeOnly.MinValue));
                    cell.CellStyle = dateStyle;
                }
                else if (!string.IsNullOrEmpty(rows[r].Cells[c]))
                {
                    // Text cells: a value is never read as a formula, whatever it starts with.
                    row.CreateCell(c).SetCellValue(rows[r].Cells[c]);
                }
            }
        }
        for (var c = 0; c < 8; c++)
        {
            sheet.SetColumnWidth(c, 18 * 256);
        }
        using var stream = new MemoryStream();
        workbook.Write(stream);
        return stream.ToArray();
    }

    public static readonly IReadOnlyList<string> ParsColumns =
        ["First Name", "Last Name", "DOB (MMDD)", "NPI", "License State", "License Number", "Completion Date", "Credits", "Activity ID"];

    /// <summary>
    /// ACCME PARS-style learner file (tab-delimited, header row): physicians only, one row per learner, activity and date
    /// in a reported credit type. Identifies the learner by NPI when given, and by the first license issued by a state.
    /// Check the column order against the current "Learner Template B" before uploading.
    /// </summary>
    public async Task<ExportOutcome> ParsLearnersAsync(ExportSelection selection, Guid adminUserId, CancellationToken ct)
    {
        var o = options.Value;
        if (o.ParsActivityId.Trim().Length == 0 && o.ParsActivityIds.Count == 0)
        {
            return new ExportOutcome(RefusalParsActivity, null, 0, 0, []);
        }
        var candidates = new List<Candidate>();
        var skipped = new List<SkippedRow>();
        foreach (var completion in await CompletionsAsync(ReportingTargets.Pars, selection, ct))
        {
            var (learner, certificate, completed) = completion;
            // Only physicians' CME credit belongs in PARS; the page says so, these are not "skipped".
            if (learner.Profession != Profession.Physician || !o.ParsCreditTypes.Contains(certificate.Document.CreditTypeId))
            {
                continue;
            }
            var course = certificate.Document.CourseId;
            var activity = o.ParsActivityIds.TryGetValue(course, out var id) ? id : o.ParsActivityId.Trim();
            var license = learner.Licenses.Where(l => StateOf(l.IssuingAuthority) is not null).OrderBy(l => l.IssuingAuthority, StringComparer.Ordinal).FirstOrDefault();
            if (activity.Length == 0)
            {
                skipped.Add(new SkippedRow(learner.Name, license?.Number, course, completed, $"no PARS activity id for this course: set Reporting:ParsActivityIds:{course} or Reporting:ParsActivityId"));
                continue;
            }
            var key = string.Join('|', learner.Id, activity, completed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            candidates.Add(new Candidate(key, completion, license is null ? null : StateOf(license.IssuingAuthority), license?.Number,
                [learner.GivenName, learner.FamilyName, learner.Profile?.BirthMonthDay, learner.Profile?.Npi,
                 license is null ? null : StateOf(license.IssuingAuthority), license?.Number, completed.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
                 certificate.Document.Credits.ToString("0.00", CultureInfo.InvariantCulture), activity]));
        }
        return await RecordAsync(ReportingTargets.Pars, selection, adminUserId, candidates, skipped, rows =>
        {
            var tsv = new StringBuilder();
            Csv.AppendRow(tsv, '\t', ParsColumns);
            foreach (var row in rows)
            {
                Csv.AppendRow(tsv, '\t', row.Cells);
            }
            return ($"pars-learners-{clock.GetUtcNow():yyyyMMdd-HHmmss}.txt", "text/tab-separated-values; charset=utf-8", Encoding.UTF8.GetBytes(tsv.ToString()));
        }, ct);
    }

    /// <summary>
    /// Merges rows with the same key, leaves out keys an earlier export of the target sent (default selection), writes
    /// the file and records it with its rows in one transaction. Nothing is recorded when no row is left to send.
    /// </summary>
    private async Task<ExportOutcome> RecordAsync(string target, ExportSelection selection, Guid adminUserId, List<Candidate> candidates, List<SkippedRow> skipped,
        Func<IReadOnlyList<Candidate>, (string FileName, string ContentType, byte[] Content)> write, CancellationToken ct)
    {
        var unique = new List<Candidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            if (seen.Add(c.Key))
            {
                unique.Add(c);
            }
            else
            {
                skipped.Add(new SkippedRow(c.Source.Learner.Name, c.LicenseNumber, c.Source.Certificate.Document.CourseId, c.Source.Completed,
                    "same license, course and completion date as another row of this file (e.g. a practice-improvement certificate): reported once"));
            }
        }

        // The outage-aware execution strategy retries the whole unit; the tracker is cleared so a retry adds nothing twice.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var sending = unique.ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ExportLock})", ct);
            var alreadyReported = 0;
            if (selection.NotYetReported && sending.Count > 0)
            {
                var keys = sending.Select(c => c.Key).ToList();
                var reported = (await db.Set<ReportingExportRow>().Where(r => r.Target == target && keys.Contains(r.RowKey)).Select(r => r.RowKey).Distinct().ToListAsync(ct))
                    .ToHashSet(StringComparer.Ordinal);
                alreadyReported = sending.RemoveAll(c => reported.Contains(c.Key));
            }
            if (sending.Count == 0)
            {
                return new ExportOutcome(null, null, 0, alreadyReported, skipped);
            }
            var (fileName, contentType, content) = write(sending);
            var export = new ReportingExport
            {
                Id = Guid.NewGuid(), Target = target, CreatedAt = clock.GetUtcNow(), CreatedByUserId = adminUserId,
                NotYetReported = selection.NotYetReported, From = selection.From, To = selection.To,
                FileName = fileName, ContentType = contentType, Content = content, RowCount = sending.Count, Skipped = skipped,
            };
            db.Add(export);
            db.AddRange(sending.Select(c => new ReportingExportRow
            {
                ExportId = export.Id, Target = target, RowKey = c.Key, CertificateId = c.Source.Certificate.Id,
                LicenseState = c.State, LicenseNumber = c.LicenseNumber, CompletedOn = c.Source.Completed,
            }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new ExportOutcome(null, export.Id, sending.Count, alreadyReported, skipped);
        });
    }

    public Task<ReportingExport?> FindAsync(Guid id, CancellationToken ct) => db.Set<ReportingExport>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);

    public sealed record ExportSummary(Guid Id, string Target, DateTimeOffset CreatedAt, bool NotYetReported, DateOnly? From, DateOnly? To, string FileName, int Rows, int Skipped);

    public async Task<IReadOnlyList<ExportSummary>> RecentAsync(int count, CancellationToken ct)
    {
        var recent = await db.Set<ReportingExport>().AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(count)
            .Select(e => new { e.Id, e.Target, e.CreatedAt, e.NotYetReported, e.From, e.To, e.FileName, e.RowCount, e.Skipped }).ToListAsync(ct);
        return recent.Select(e => new ExportSummary(e.Id, e.Target, e.CreatedAt, e.NotYetReported, e.From, e.To, e.FileName, e.RowCount, e.Skipped.Count)).ToList();
    }
}
