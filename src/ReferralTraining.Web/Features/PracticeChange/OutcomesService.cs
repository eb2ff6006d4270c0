using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.PracticeChange;

public sealed record OutcomeRow(string Label, int People, bool Suppressed, IReadOnlyList<string> Cells);

public sealed record OutcomeTable(string Title, string MooreLevel, string Explanation, IReadOnlyList<string> Columns, IReadOnlyList<OutcomeRow> Rows);

/// <summary>
/// Aggregate practice-change outcomes, labeled with Moore's levels, for an organization's staff or for the
/// provider as a whole. Privacy by construction: the queries never read free text (commitment wording,
/// "other" barriers, "what helped"), and any cell describing fewer than <see cref="PracticeChangeOptions.MinimumCellSize"/>
/// people is suppressed, with a second cell suppressed where one alone could be worked out by subtraction.
/// </summary>
public sealed class OutcomesService(AppDbContext db, IOptions<PracticeChangeOptions> options, TimeProvider clock)
{
    /// <summary>How a suppressed cell reads, e.g. "&lt;5".</summary>
    public static string Hidden(int k) => "<" + k.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(Guid CommitmentId, Guid UserId, string CourseId, string PracticeId, int ExpectedPatients, int Confidence, DateTimeOffset CreatedAt,
        Implementation? Status, int? Patients, List<string>? Barriers, string? ChecklistItemKey = null, string? Behavior = null, BehaviorUse? BehaviorUse = null);

    public Task<OutcomeReport> ForOrganizationAsync(Guid organizationId, string? courseId, CancellationToken ct) =>
        BuildAsync("organization", courseId, db.Set<OrganizationMember>().Where(m => m.OrganizationId == organizationId).Select(m => m.UserId), ct);

    public Task<OutcomeReport> ForProviderAsync(string? courseId, CancellationToken ct) => BuildAsync("provider", courseId, null, ct);

    private async Task<OutcomeReport> BuildAsync(string scope, string? courseId, IQueryable<Guid>? people, CancellationToken ct)
    {
        var k = options.Value.MinimumCellSize;
        var commitments = db.Set<Commitment>().AsNoTracking();
        var evaluations = db.CourseEvaluations.AsNoTracking().Join(db.Enrollments, e => e.EnrollmentId, en => en.Id, (e, en) => new { en.UserId, en.CourseId, e.Relevance });
        if (people is not null)
        {
            commitments = commitments.Where(c => people.Contains(c.UserId));
            evaluations = evaluations.Where(e => people.Contains(e.UserId));
        }
        if (!string.IsNullOrEmpty(courseId))
        {
            commitments = commitments.Where(c => c.CourseId == courseId);
            evaluations = evaluations.Where(e => e.CourseId == courseId);
        }
        // The latest answered follow-up per commitment; only structured columns are read.
        var rows = await commitments
            .Select(c => new
            {
                c.Id, c.UserId, c.CourseId, c.PracticeId, c.ExpectedPatients, c.Confidence, c.CreatedAt, c.ChecklistItemKey, c.Behavior,
                Latest = db.Set<CommitmentResponse>().Where(r => r.CommitmentId == c.Id)
                    .Join(db.Set<FollowUp>(), r => r.FollowUpId, f => f.Id, (r, f) => new { r.Status, r.PatientsReached, r.Barriers, r.Behavior, f.Sequence })
                    .OrderByDescending(x => x.Sequence).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var data = rows.Select(r => new Row(r.Id, r.UserId, r.CourseId, r.PracticeId, r.ExpectedPatients, r.Confidence, r.CreatedAt,
            r.Latest?.Status, r.Latest?.PatientsReached, r.Latest?.Barriers, r.ChecklistItemKey, r.Behavior, r.Latest?.Behavior)).ToList();
        var evals = await evaluations.Select(e => new { e.UserId, e.CourseId, e.Relevance }).ToListAsync(ct);

        var courses = await db.Courses.AsNoTracking().Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title, v.Practices })
            .OrderBy(c => c.Title).ToListAsync(ct);
        var titles = courses.ToDictionary(c => c.Id, c => c.Title);
        // Courses word a shared practice for their own audience: label a row with the wording of the course most of its commitments come from.
        var wording = courses.SelectMany(c => c.Practices.Select(p => (Key: (c.Id, p.Id), p.Text))).ToDictionary(x => x.Key, x => x.Text);
        var practiceText = data.GroupBy(d => d.PracticeId).ToDictionary(g => g.Key,
            g => wording.GetValueOrDefault((g.GroupBy(d => d.CourseId).OrderByDescending(c => c.Count()).First().Key, g.Key)) ?? g.Key);

        var tables = new List<OutcomeTable>();

        // Levels 1–2: participation and satisfaction.
        tables.Add(new OutcomeTable("Courses completed and rated", "Moore levels 1–2 (participation, satisfaction)",
            "People who finished each course and submitted its evaluation, and how relevant they found it (1–5).",
            ["People", "Mean relevance (1–5)"],
            evals.GroupBy(e => e.CourseId).OrderBy(g => titles.GetValueOrDefault(g.Key, g.Key), StringComparer.Ordinal).Select(g =>
            {
                var n = g.Select(e => e.UserId).Distinct().Count();
                return n < k ? SuppressedRow(titles.GetValueOrDefault(g.Key, g.Key), n, 2, k)
                    : new OutcomeRow(titles.GetValueOrDefault(g.Key, g.Key), n, false, [Count(n), g.Average(e => e.Relevance).ToString("0.0", CultureInfo.InvariantCulture)]);
            }).ToList()));

        // Level 4: stated intention to change.
        tables.Add(new OutcomeTable("Commitments to change practice", "Moore level 4 (competence: stated intention to change)",
            "What people committed to at the end of a course, by practice: how many people, how many commitments, their mean confidence (1–5) and the patients they expected to reach.",
            ["People", "Commitments", "Mean confidence (1–5)", "Patients expected"],
            data.GroupBy(d => d.PracticeId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var n = People(g);
                return n < k ? SuppressedRow(practiceText.GetValueOrDefault(g.Key, g.Key), n, 4, k)
                    : new OutcomeRow(practiceText.GetValueOrDefault(g.Key, g.Key), n, false,
                        [Count(n), Count(g.Count()), g.Average(d => d.Confidence).ToString("0.0", CultureInfo.InvariantCulture), Count(g.Sum(d => d.ExpectedPatients))]);
            }).ToList()));

        // Level 5: self-reported performance at the latest follow-up answered.
        tables.Add(new OutcomeTable("Changes implemented (latest follow-up answered)", "Moore level 5 (performance, self-reported)",
            "For each practice, of the commitments with a follow-up answer: the share implemented fully, partly or not yet, and the patients reached. The response rate is shown separately.",
            ["People answering", "Response rate", "Fully", "Partly", "Not yet", "Patients reached"],
            data.GroupBy(d => d.PracticeId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var answered = g.Where(d => d.Status is not null).ToList();
                var n = People(answered);
                var label = practiceText.GetValueOrDefault(g.Key, g.Key);
                if (n < k)
                {
                    return SuppressedRow(label, n, 6, k);
                }
                var statuses = new[] { Implementation.Fully, Implementation.Partly, Implementation.NotYet };
                var counts = statuses.Select(s => answered.Count(d => d.Status == s)).ToArray();
                var peopleIn = statuses.Select(s => People(answered.Where(d => d.Status == s))).ToArray();
                var hidden = SmallCells.Suppress(peopleIn, k);
                var cells = new List<string> { Count(n), Percent(answered.Count, g.Count(), "commitments") };
                cells.AddRange(counts.Select((c, i) => hidden[i] ? Hidden(k) : $"{c} ({Percent(c, answered.Count, "commitments answered")})"));
                cells.Add(Count(answered.Sum(d => d.Patients ?? 0)));
                return new OutcomeRow(label, n, false, cells);
            }).ToList()));

        // Level 5: the behaviors of commitments made from practice-scenario checklist items (issue 19 item 6), labeled
        // with the checklist's own wording (content, not the learner's words).
        var behaviorAnswers = new[] { PracticeChange.BehaviorUse.Routinely, PracticeChange.BehaviorUse.Sometimes, PracticeChange.BehaviorUse.NotYet };
        tables.Add(new OutcomeTable("Checklist behaviors practiced (latest follow-up answered)", "Moore level 5 (performance, self-reported)",
            "Commitments made from a checklist item missed in a practice scenario: for each item, how many people answered, and how often they said they did the behavior (or, for one to avoid, avoided it) with their patients.",
            ["People answering", .. FollowUpMessages.BehaviorAnswers.Select(a => a.Label)],
            data.Where(d => d.ChecklistItemKey is not null).GroupBy(d => d.ChecklistItemKey!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var answered = g.Where(d => d.BehaviorUse is not null).ToList();
                var n = People(answered);
                var label = g.GroupBy(d => d.Behavior).OrderByDescending(b => b.Count()).First().Key ?? g.Key;
                if (n < k)
                {
                    return SuppressedRow(label, n, 4, k);
                }
                var counts = behaviorAnswers.Select(b => answered.Count(d => d.BehaviorUse == b)).ToArray();
                var hidden = SmallCells.Suppress(behaviorAnswers.Select(b => People(answered.Where(d => d.BehaviorUse == b))).ToArray(), k);
                return new OutcomeRow(label, n, false,
                    [Count(n), .. counts.Select((c, i) => hidden[i] ? Hidden(k) : $"{c} ({Percent(c, answered.Count, "commitments answered")})")]);
            }).ToList()));

        // Level 5: barriers (structured choices only; the "other" free text is never read here).
        var respondents = data.Where(d => d.Status is not null).ToList();
        var respondentPeople = People(respondents);
        tables.Add(new OutcomeTable("Barriers reported", "Moore level 5 (performance: what got in the way)",
            "How many people reported each barrier at any follow-up, most reported first, as a share of the people who answered.",
            ["People", "Share of people answering"],
            PracticeChangeCatalog.Barriers.Select(b =>
            {
                var n = People(respondents.Where(d => d.Barriers?.Contains(b.Id) == true));
                return (b, n);
            }).Where(x => x.n > 0).OrderByDescending(x => x.n).Select(x => x.n < k
                ? SuppressedRow(x.b.Label, x.n, 2, k)
                : new OutcomeRow(x.b.Label, x.n, false, [Count(x.n), Percent(x.n, respondentPeople, "people answering")])).ToList()));

        // Trend over cohorts (quarter of course completion).
        tables.Add(new OutcomeTable("Trend by cohort", "Moore level 5 (performance, self-reported)",
            "People grouped by the quarter in which they finished the course: how many answered a follow-up, and the share of their commitments implemented fully or partly.",
            ["People", "Answered", "Implemented fully or partly"],
            data.GroupBy(d => $"{d.CreatedAt.UtcDateTime.Year} Q{(d.CreatedAt.UtcDateTime.Month - 1) / 3 + 1}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var n = People(g);
                var answered = g.Where(d => d.Status is not null).ToList();
                var answeredPeople = People(answered);
                if (n < k)
                {
                    return SuppressedRow(g.Key, n, 3, k);
                }
                return answeredPeople < k
                    ? new OutcomeRow(g.Key, n, false, [Count(n), Hidden(k), Hidden(k)])
                    : new OutcomeRow(g.Key, n, false, [Count(n), Count(answeredPeople), Percent(answered.Count(d => d.Status != Implementation.NotYet), answered.Count, "commitments answered")]);
            }).ToList()));

        return new OutcomeReport(scope, courseId, k, tables, courses.Select(c => (c.Id, c.Title)).ToList());
    }

    /// <summary>The report as CSV, cell for cell as the page shows it (long format: one value per line).</summary>
    public static string ToCsv(OutcomeReport report)
    {
        var sb = new StringBuilder();
        Csv.AppendRow(sb, ',', ["table", "moore_level", "row", "column", "value"]);
        foreach (var table in report.Tables)
        {
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    Csv.AppendRow(sb, ',', [table.Title, table.MooreLevel, row.Label, table.Columns[i], row.Cells[i]]);
                }
            }
        }
        return sb.ToString();
    }

    private static OutcomeRow SuppressedRow(string label, int people, int columns, int k) =>
        new(label, people, true, Enumerable.Repeat(Hidden(k), columns).ToList());

    private static int People(IEnumerable<Row> rows) => rows.Select(r => r.UserId).Distinct().Count();

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A share that names its denominator, "25% of 16 commitments answered", so no percentage stands without its base.</summary>
    private static string Percent(int part, int whole, string of) =>
        whole == 0 ? "–" : $"{(part / (decimal)whole).ToString("0%", CultureInfo.InvariantCulture)} of {Count(whole)} {of}";

    /// <summary>Saves a program's self-check (the caller has checked every answer against the catalog).</summary>
    public async Task SaveSelfCheckAsync(Guid organizationId, Guid answeredBy, IReadOnlyDictionary<string, string> answers, CancellationToken ct)
    {
        db.Add(new ProgramSelfCheck
        {
            OrganizationId = organizationId, AnsweredBy = answeredBy, AnsweredAt = clock.GetUtcNow(),
            Answers = PracticeChangeCatalog.SelfCheck.ToDictionary(q => q.Id, q => answers[q.Id]),
        });
        await db.SaveChangesAsync(ct);
    }

    public Task<ProgramSelfCheck?> LatestSelfCheckAsync(Guid organizationId, CancellationToken ct) =>
        db.Set<ProgramSelfCheck>().AsNoTracking().Where(s => s.OrganizationId == organizationId).OrderByDescending(s => s.AnsweredAt).FirstOrDefaultAsync(ct);
}
