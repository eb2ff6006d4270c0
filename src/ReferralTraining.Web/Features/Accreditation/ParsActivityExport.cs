using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content.Planning;
using ReferralTraining.Web.Features.Verification;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// ACCME PARS activity data for one reporting year (issue 22 item 6, ADR-035): one row per course version active in the
/// year, tab-delimited with a header row. The columns are the data ACCME lists as required to open and close an activity
/// in PARS ("What activity data are providers required to enter into PARS?", accme.org FAQ); their names here follow
/// that list's wording. The order and exact headers of ACCME's "Tab Delimited Upload Template (2016 and later)" could
/// not be confirmed, and an upload takes no header row: copy the columns into the current template before uploading.
/// Enduring materials are reported for each year they are active, with that year's learners only (ACCME FAQ).
/// </summary>
public sealed class ParsActivityExport(AppDbContext db, IOptions<AccreditationOptions> accreditation, IOptions<ReportingOptions> reporting)
{
    public const string ActivityType = "Enduring Material";

    public static readonly IReadOnlyList<string> Columns =
    [
        "Provider Activity ID", "Activity Title", "Activity Type", "Activity Date", "Reporting Year", "Providership",
        "Hours of Instruction", "Designed to Change Competence", "Designed to Change Performance", "Designed to Change Patient Outcomes",
        "Changes in Competence Evaluated", "Changes in Performance Evaluated", "Changes in Patient Outcomes Evaluated",
        "Number of Physicians", "Number of Other Learners", "Commercial Support Received", "Competencies Addressed",
        "Joint Providers", "AMA PRA Category 1 Credits Designated",
    ];

    public const string RefusalProvidership =
        "Set Accreditation:Providership (\"Direct\" or \"Joint\") before exporting PARS activity data: PARS does not close an activity without it.";

    public const string RefusalCompetencies =
        "Set Accreditation:Competencies (the competencies your activities address, as you report them to PARS) before exporting PARS activity data: PARS does not close an activity without them.";

    public const int FirstYear = 2010;
    public const int LastYear = 2100;

    public static string? ValidateYear(int? year) => year is null or < FirstYear or > LastYear
        ? $"Enter the reporting year as four digits ({FirstYear} to {LastYear})."
        : null;

    public async Task<ParsActivityFile> ExportAsync(int year, CancellationToken ct)
    {
        var o = accreditation.Value;
        if (o.Providership.Length == 0)
        {
            return new ParsActivityFile(RefusalProvidership, "", [], 0);
        }
        if (o.Competencies.All(string.IsNullOrWhiteSpace))
        {
            return new ParsActivityFile(RefusalCompetencies, "", [], 0);
        }
        var end = new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var firstDay = new DateOnly(year, 1, 1);
        var lastDay = new DateOnly(year, 12, 31);
        var versions = (await db.CourseVersions.AsNoTracking().Where(v => v.PublishedAt < end).ToListAsync(ct))
            .Where(v => (v.ReleaseDate ?? DateOnly.FromDateTime(v.PublishedAt.UtcDateTime)) <= lastDay && (v.ExpiryDate is null || v.ExpiryDate >= firstDay))
            .OrderBy(v => v.CourseId, StringComparer.Ordinal).ThenBy(v => v.PublishedAt).ToList();
        var ids = versions.Select(v => v.Id).ToList();
        // The year's learners: people with an active course certificate (credit or participation) completed in the year, by
        // the date the certificate shows (ADR-018, as in the learner file), physicians apart.
        var completions = (await db.CreditAwards.AsNoTracking()
            .Where(a => ids.Contains(a.CourseVersionId) && a.Kind == CreditKind.Course)
            .Join(db.Certificates.Where(c => c.Status == CertificateStatus.Active), a => a.Id, c => c.AwardId, (a, c) => new { a.CourseVersionId, c.UserId, c.Document })
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { x.CourseVersionId, x.UserId, x.Document, u.Profession })
            .ToListAsync(ct))
            .Where(x => CertificateDates.Completed(x.Document).Date.Year == year)
            .Select(x => new { x.CourseVersionId, x.UserId, x.Profession }).ToList();
        var cme = reporting.Value.ParsCreditTypes;
        var competencies = string.Join("; ", o.Competencies.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()));
        var joint = o.Providership == "Joint" ? string.Join("; ", o.JointProviders.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim())) : "";
        var tsv = new StringBuilder();
        Csv.AppendRow(tsv, '\t', Columns);
        foreach (var v in versions)
        {
            var learners = completions.Where(c => c.CourseVersionId == v.Id).ToList();
            var physicians = learners.Where(l => l.Profession == Profession.Physician).Select(l => l.UserId).Distinct().Count();
            var others = learners.Where(l => l.Profession != Profession.Physician).Select(l => l.UserId).Distinct().Count();
            var designated = v.Credits.Where(c => cme.Contains(c.Type)).Select(c => (decimal?)c.Hours).Max();
            var (competence, performance) = Measures(v);
            var designed = v.Planning?.DesiredChanges.Select(d => d.Level).ToHashSet(StringComparer.Ordinal);
            var release = v.ReleaseDate ?? DateOnly.FromDateTime(v.PublishedAt.UtcDateTime);
            Csv.AppendRow(tsv, '\t',
            [
                $"{v.CourseId}-{v.Version}", v.Title, ActivityType, release.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
                year.ToString(CultureInfo.InvariantCulture), o.Providership, Hours(v.EstimatedMinutes),
                // What the planning record says the activity was designed to change; blank (for the provider to fill
                // in, never guessed) for a version published without one.
                Designed(designed, MooreLevels.Competence), Designed(designed, MooreLevels.Performance), Designed(designed, MooreLevels.PatientOutcomes),
                YesNo(competence), YesNo(performance), "No",
                physicians.ToString(CultureInfo.InvariantCulture), others.ToString(CultureInfo.InvariantCulture),
                "No", competencies, joint, designated?.ToString("0.##", CultureInfo.InvariantCulture),
            ]);
        }
        return new ParsActivityFile(null, $"pars-activities-{year}.txt", Encoding.UTF8.GetBytes(tsv.ToString()), versions.Count);
    }

    /// <summary>
    /// What the activity measures: competence through the commitments to change made at the evaluation (stated intention,
    /// Moore level 4) or practice scenarios; performance through the follow-ups on those commitments (self-reported, level 5).
    /// </summary>
    public static (bool Competence, bool Performance) Measures(CourseVersion v) =>
        (v.Practices.Count > 0 || v.Scenarios.Count > 0, v.Practices.Count > 0 && v.FollowUpDays.Count > 0);

    private static string YesNo(bool value) => value ? "Yes" : "No";

    private static string? Designed(HashSet<string>? levels, string level) => levels is null ? null : YesNo(levels.Contains(level));

    /// <summary>The estimated time in hours, to the quarter hour.</summary>
    private static string Hours(int minutes) => (Math.Round(minutes / 15m, MidpointRounding.AwayFromZero) / 4m).ToString("0.##", CultureInfo.InvariantCulture);
}
