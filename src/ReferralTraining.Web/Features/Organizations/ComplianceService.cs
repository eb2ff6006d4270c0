using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

public sealed record CompliancePerson(Guid UserId, string Name, string Email, string? Team, string? JobRole, IReadOnlyDictionary<string, ComplianceCell> Cells);

/// <summary>
/// Computes who has completed what they were assigned. Set-wise queries, then an in-memory join. Every page view
/// needs every filtered person's statuses (status filter, totals, rates), so the work is kept small rather than skipped:
/// only the columns read, one progress row per person and course, and a plain loop per member.
/// </summary>
public sealed class ComplianceService(AppDbContext db, TimeProvider clock)
{
    private sealed record MemberRow(Guid UserId, string Given, string Family, string Email, string TimeZoneId, Guid? TeamId, Guid? JobRoleId, DateTimeOffset JoinedAt);

    /// <summary>Every (person, course) with its status, for the organization's members matching the group filters.</summary>
    public async Task<IReadOnlyList<(Guid UserId, string TimeZoneId, ComplianceCell Cell)>> CellsAsync(Guid organizationId, Guid? teamId, Guid? jobRoleId, string? courseId, CancellationToken ct)
    {
        var (members, cells) = await ComputeAsync(organizationId, new ComplianceFilter(teamId, jobRoleId, courseId), ct);
        var zones = members.ToDictionary(m => m.UserId, m => m.TimeZoneId);
        return cells.SelectMany(kv => kv.Value.Values.Select(c => (kv.Key, zones[kv.Key], c))).ToList();
    }

    private async Task<(List<MemberRow> Members, Dictionary<Guid, Dictionary<string, ComplianceCell>> Cells)> ComputeAsync(Guid organizationId, ComplianceFilter filter, CancellationToken ct)
    {
        var membersQuery = db.Set<OrganizationMember>().AsNoTracking().Where(m => m.OrganizationId == organizationId);
        if (filter.TeamId is not null)
        {
            membersQuery = membersQuery.Where(m => m.TeamId == filter.TeamId);
        }
        if (filter.JobRoleId is not null)
        {
            membersQuery = membersQuery.Where(m => m.JobRoleId == filter.JobRoleId);
        }
        var members = await membersQuery.Join(db.Users, m => m.UserId, u => u.Id,
                (m, u) => new MemberRow(u.Id, u.GivenName, u.FamilyName, u.Email!, u.TimeZoneId, m.TeamId, m.JobRoleId, m.JoinedAt))
            .ToListAsync(ct);
        var assignmentsQuery = db.Set<Assignment>().AsNoTracking().Where(a => a.OrganizationId == organizationId);
        if (filter.CourseId is not null)
        {
            assignmentsQuery = assignmentsQuery.Where(a => a.CourseId == filter.CourseId);
        }
        if (filter.TeamId is not null || filter.JobRoleId is not null)
        {
            // Of the personal assignments (most of the rows), only the filtered people's own can apply.
            assignmentsQuery = assignmentsQuery.Where(a => a.Target != AssignmentTarget.Person || membersQuery.Any(m => m.UserId == a.UserId));
        }
        var assignments = await assignmentsQuery.OrderBy(a => a.CreatedAt)
            .Select(a => new AssignmentTerms(a.Id, a.CourseId, a.Target, a.UserId, a.TeamId, a.JobRoleId, a.DueDate, a.RecurrenceMonths,
                a.IncludeLaterMembers, a.AllowPriorCompletion, a.CreatedAt))
            .ToListAsync(ct);
        var courseIds = assignments.Select(a => a.CourseId).Distinct().ToList();
        var progress = await ProgressAsync(membersQuery.Select(m => m.UserId), courseIds, ct);

        // Which assignments can apply to a member, by target, with their position in creation order (the tie-break
        // below): one lookup per member instead of a scan of every assignment.
        var indexed = assignments.Select((a, i) => (Terms: a, Order: i)).ToList();
        var byPerson = indexed.Where(x => x.Terms.Target == AssignmentTarget.Person).ToLookup(x => x.Terms.UserId);
        var byTeam = indexed.Where(x => x.Terms.Target == AssignmentTarget.Team).ToLookup(x => x.Terms.TeamId);
        var byRole = indexed.Where(x => x.Terms.Target == AssignmentTarget.JobRole).ToLookup(x => x.Terms.JobRoleId);
        var cells = new Dictionary<Guid, Dictionary<string, ComplianceCell>>();
        var zones = new Dictionary<string, (TimeZoneInfo Zone, DateOnly Today)>(StringComparer.Ordinal);
        var candidates = new List<(AssignmentTerms Terms, int Order)>();
        foreach (var member in members)
        {
            if (!zones.TryGetValue(member.TimeZoneId, out var local))
            {
                local = (Accounts.TimeZones.Find(member.TimeZoneId), AssignmentService.Today(clock, member.TimeZoneId));
                zones[member.TimeZoneId] = local;
            }
            var (zone, today) = local;
            candidates.Clear();
            candidates.AddRange(byPerson[member.UserId]);
            candidates.AddRange(byTeam[member.TeamId]);
            candidates.AddRange(byRole[member.JobRoleId]);
            // Creation order, so that of equally pressing assignments the earliest counts.
            candidates.Sort(static (x, y) => x.Order.CompareTo(y.Order));
            Dictionary<string, ComplianceCell>? row = null;
            foreach (var (a, _) in candidates)
            {
                if (a.Target != AssignmentTarget.Person && !a.IncludeLaterMembers && member.JoinedAt > a.CreatedAt)
                {
                    continue; // joined the team or role after it was assigned to "current members only"
                }
                var cell = Evaluate(a, today, zone, progress.GetValueOrDefault((member.UserId, a.CourseId)));
                row ??= [];
                // Several assignments of one course: the most pressing one counts.
                if (!row.TryGetValue(a.CourseId, out var existing) || Rank(cell) > Rank(existing) || (Rank(cell) == Rank(existing) && cell.DueDate < existing.DueDate))
                {
                    row[a.CourseId] = cell;
                }
            }
            if (row is not null)
            {
                cells[member.UserId] = row;
            }
        }
        return (members, cells);
    }

    /// <summary>
    /// Progress of these people in these courses, one entry per person and course. Only the latest course completion
    /// is read: an assignment is satisfied by the latest completion inside its window, and when the latest falls outside
    /// (before the assignment), so do all earlier ones.
    /// </summary>
    private async Task<Dictionary<(Guid, string), CourseProgress>> ProgressAsync(IQueryable<Guid> userIds, List<string> courseIds, CancellationToken ct)
    {
        var progress = new Dictionary<(Guid, string), CourseProgress>();
        if (courseIds.Count == 0)
        {
            return progress;
        }
        var completions = await db.CreditClaims.AsNoTracking()
            // A course completion is its own claim; a later practice-improvement claim is not a new completion.
            .Where(c => userIds.Contains(c.UserId) && c.Kind == Certificates.CreditKind.Course)
            .Join(db.CourseVersions, c => c.CourseVersionId, v => v.Id, (c, v) => new { c.UserId, v.CourseId, c.AttestedAt })
            .Where(x => courseIds.Contains(x.CourseId))
            .GroupBy(x => new { x.UserId, x.CourseId })
            .Select(g => new { g.Key.UserId, g.Key.CourseId, Last = g.Max(x => x.AttestedAt) })
            .ToListAsync(ct);
        foreach (var c in completions)
        {
            progress[(c.UserId, c.CourseId)] = new CourseProgress(c.Last, false, null);
        }
        var enrollments = await db.Enrollments.AsNoTracking()
            .Where(e => userIds.Contains(e.UserId) && courseIds.Contains(e.CourseId))
            .Select(e => new { e.UserId, e.CourseId }).ToListAsync(ct);
        foreach (var e in enrollments)
        {
            progress[(e.UserId, e.CourseId)] = progress.GetValueOrDefault((e.UserId, e.CourseId)) with { Enrolled = true };
        }
        var scores = await db.QuizAttempts.AsNoTracking()
            .Where(a => userIds.Contains(a.UserId) && courseIds.Contains(a.CourseId) && a.Passed == true)
            .GroupBy(a => new { a.UserId, a.CourseId })
            .Select(g => new { g.Key.UserId, g.Key.CourseId, Best = g.Max(a => a.ScorePercent) }).ToListAsync(ct);
        foreach (var s in scores)
        {
            progress[(s.UserId, s.CourseId)] = progress.GetValueOrDefault((s.UserId, s.CourseId)) with { BestScore = s.Best };
        }
        return progress;
    }

    private static int Rank(ComplianceCell cell) => cell.Status == ComplianceStatus.Completed ? 0 : 1;

    /// <summary>
    /// Satisfaction: a credit claim for the course inside the window (from the assignment's creation, or
    /// any time when prior completions are allowed). With recurrence, a completion is good until
    /// completion date + N months; after that the person is overdue again.
    /// </summary>
    public static ComplianceCell Evaluate(AssignmentTerms a, DateOnly today, TimeZoneInfo zone, CourseProgress progress)
    {
        if (progress.LastCompletion is { } last && (a.AllowPriorCompletion || last >= a.CreatedAt))
        {
            var completedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(last, zone).DateTime);
            if (a.RecurrenceMonths is null)
            {
                return new(a.CourseId, a.DueDate, ComplianceStatus.Completed, completedOn, progress.BestScore, a.Id);
            }
            var nextDue = completedOn.AddMonths(a.RecurrenceMonths.Value);
            if (nextDue < a.DueDate)
            {
                nextDue = a.DueDate;
            }
            return today > nextDue
                ? new(a.CourseId, nextDue, ComplianceStatus.Overdue, completedOn, null, a.Id)
                : new(a.CourseId, nextDue, ComplianceStatus.Completed, completedOn, progress.BestScore, a.Id);
        }
        if (today > a.DueDate)
        {
            return new(a.CourseId, a.DueDate, ComplianceStatus.Overdue, null, null, a.Id);
        }
        return new(a.CourseId, a.DueDate, progress.Enrolled ? ComplianceStatus.InProgress : ComplianceStatus.NotStarted, null, null, a.Id);
    }

    public async Task<ComplianceReport> ReportAsync(Guid organizationId, ComplianceFilter filter, bool allPages, CancellationToken ct)
    {
        var (members, cells) = await ComputeAsync(organizationId, filter, ct);
        var teams = await db.Set<Team>().AsNoTracking().Where(t => t.OrganizationId == organizationId).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var roles = await db.Set<JobRole>().AsNoTracking().Where(t => t.OrganizationId == organizationId).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var people = members.Where(m => cells.ContainsKey(m.UserId))
            .Select(m => new CompliancePerson(m.UserId, $"{m.Family}, {m.Given}", m.Email,
                m.TeamId is { } t ? teams.GetValueOrDefault(t) : null, m.JobRoleId is { } r ? roles.GetValueOrDefault(r) : null, cells[m.UserId]))
            .Where(p => filter.Status is null || p.Cells.Values.Any(c => c.Status == filter.Status))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Email, StringComparer.Ordinal)
            .ToList();
        var courseIds = people.SelectMany(p => p.Cells.Keys).Distinct().ToList();
        var titles = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
            .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title }).ToListAsync(ct);
        var courses = titles.OrderBy(t => t.Title, StringComparer.OrdinalIgnoreCase).Select(t => (t.Id, t.Title)).ToList();
        var title = courses.ToDictionary(c => c.Id, c => c.Title);
        var byCourse = courses.Select(c =>
        {
            var all = people.Where(p => p.Cells.ContainsKey(c.Id)).Select(p => p.Cells[c.Id]).ToList();
            return new Rate(c.Title, all.Count(x => x.Status == ComplianceStatus.Completed), all.Count);
        }).ToList();
        var byTeam = people.GroupBy(p => p.Team ?? "No team").OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).Select(g =>
        {
            var all = g.SelectMany(p => p.Cells.Values).ToList();
            return new Rate(g.Key, all.Count(x => x.Status == ComplianceStatus.Completed), all.Count);
        }).ToList();
        var pageSize = Math.Clamp(filter.PageSize, 10, 200);
        var pageCount = Math.Max(1, (people.Count + pageSize - 1) / pageSize);
        var page = Math.Clamp(filter.Page, 1, pageCount);
        var shown = allPages ? people : people.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        _ = title;
        var completions = people.SelectMany(p => p.Cells.Values).Where(c => c.CompletedOn is not null).Select(c => c.CompletedOn!.Value).ToList();
        return new ComplianceReport(courses, shown, people.Count, page, pageCount, byCourse, byTeam)
        {
            StatusByCourse = courses.Select(c => StatusCounts.Of(c.Title, people.Where(p => p.Cells.ContainsKey(c.Id)).Select(p => p.Cells[c.Id]))).ToList(),
            StatusByTeam = people.GroupBy(p => p.Team ?? "No team").OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => StatusCounts.Of(g.Key, g.SelectMany(p => p.Cells.Values))).ToList(),
            CompletionsByMonth = ByMonth(completions),
        };
    }

    // Completions per calendar month, from the first to the last month with one, empty months included so the chart's spacing is honest.
    private static List<(string Month, int Count)> ByMonth(IReadOnlyCollection<DateOnly> dates)
    {
        if (dates.Count == 0)
        {
            return [];
        }
        var first = dates.Min();
        var last = dates.Max();
        var months = new List<(string, int)>();
        for (var m = new DateOnly(first.Year, first.Month, 1); m <= last; m = m.AddMonths(1))
        {
            months.Add((m.ToString("yyyy-MM", CultureInfo.InvariantCulture), dates.Count(d => d.Year == m.Year && d.Month == m.Month)));
        }
        return months;
    }

    /// <summary>CSV (RFC 4180) of the matrix exactly as shown: same columns, same cell text. Formula-injection safe.</summary>
    public static string ToCsv(ComplianceReport report)
    {
        var csv = new StringBuilder();
        void Line(IEnumerable<string?> fields) => Csv.AppendRow(csv, ',', fields);
        Line(new[] { "Person", "E-mail", "Team", "Job role" }.Concat(report.Courses.Select(c => c.Title)));
        foreach (var p in report.People)
        {
            Line(new[] { p.Name, p.Email, p.Team ?? "", p.JobRole ?? "" }
                .Concat(report.Courses.Select(c => p.Cells.TryGetValue(c.Id, out var cell) ? cell.Text : "Not assigned")));
        }
        return csv.ToString();
    }

    public static string Label(ComplianceStatus status) => status switch
    {
        ComplianceStatus.NotStarted => "Not started",
        ComplianceStatus.InProgress => "In progress",
        ComplianceStatus.Completed => "Completed",
        _ => "Overdue",
    };

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
