using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Organizations;

public enum ComplianceStatus { NotStarted = 1, InProgress = 2, Completed = 3, Overdue = 4 }

/// <summary>One person × course: the current due date, status, and the completion that satisfied it.</summary>
public sealed record ComplianceCell(string CourseId, DateOnly DueDate, ComplianceStatus Status, DateOnly? CompletedOn, int? Score, Guid AssignmentId)
{
    /// <summary>The text shown on screen and written to the CSV: one function, so both always agree.</summary>
    public string Text => Status switch
    {
        ComplianceStatus.Completed => $"Completed {CompletedOn:yyyy-MM-dd}{(Score is null ? "" : $" (score {Score}%)")}",
        ComplianceStatus.Overdue => $"Overdue (due {DueDate:yyyy-MM-dd})",
        ComplianceStatus.InProgress => $"In progress (due {DueDate:yyyy-MM-dd})",
        _ => $"Not started (due {DueDate:yyyy-MM-dd})",
    };
}

public sealed record CompliancePerson(Guid UserId, string Name, string Email, string? Team, string? JobRole, IReadOnlyDictionary<string, ComplianceCell> Cells);

public sealed record ComplianceFilter(Guid? TeamId = null, Guid? JobRoleId = null, string? CourseId = null, ComplianceStatus? Status = null, int Page = 1, int PageSize = 50);

public sealed record Rate(string Label, int Completed, int Assigned)
{
    public int Percent => Assigned == 0 ? 0 : (int)Math.Round(100.0 * Completed / Assigned);
}

public sealed record ComplianceReport(
    IReadOnlyList<(string Id, string Title)> Courses, IReadOnlyList<CompliancePerson> People, int TotalPeople, int Page, int PageCount,
    IReadOnlyList<Rate> ByCourse, IReadOnlyList<Rate> ByTeam);

/// <summary>Computes who has completed what they were assigned. Set-wise queries, then an in-memory join.</summary>
public sealed class ComplianceService(AppDbContext db, TimeProvider clock)
{
    private sealed record MemberRow(Guid UserId, string Given, string Family, string Email, string TimeZoneId, Guid? TeamId, Guid? JobRoleId, DateTimeOffset JoinedAt);

    /// <summary>Every (person, course) with its status, for the organization's members matching the group filters.</summary>
    public async Task<IReadOnlyList<(Guid UserId, string TimeZoneId, ComplianceCell Cell)>> CellsAsync(Guid organizationId, Guid? teamId = null, Guid? jobRoleId = null, string? courseId = null)
    {
        var (members, cells) = await ComputeAsync(organizationId, new ComplianceFilter(teamId, jobRoleId, courseId));
        var zones = members.ToDictionary(m => m.UserId, m => m.TimeZoneId);
        return cells.SelectMany(kv => kv.Value.Values.Select(c => (kv.Key, zones[kv.Key], c))).ToList();
    }

    private async Task<(List<MemberRow> Members, Dictionary<Guid, Dictionary<string, ComplianceCell>> Cells)> ComputeAsync(Guid organizationId, ComplianceFilter filter)
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
            .ToListAsync();
        var assignmentsQuery = db.Set<Assignment>().AsNoTracking().Where(a => a.OrganizationId == organizationId);
        if (filter.CourseId is not null)
        {
            assignmentsQuery = assignmentsQuery.Where(a => a.CourseId == filter.CourseId);
        }
        var assignments = await assignmentsQuery.OrderBy(a => a.CreatedAt).ToListAsync();
        var courseIds = assignments.Select(a => a.CourseId).Distinct().ToList();

        // Completions (credit claimed), enrolments and best passing scores of this organization's members, set-wise.
        var memberIds = db.Set<OrganizationMember>().Where(m => m.OrganizationId == organizationId).Select(m => m.UserId);
        var claims = (await db.CreditClaims.AsNoTracking()
                // A course completion is its own claim; a later practice-improvement claim is not a new completion.
                .Where(c => memberIds.Contains(c.UserId) && c.Kind == Certificates.CreditKind.Course)
                .Join(db.CourseVersions, c => c.CourseVersionId, v => v.Id, (c, v) => new { c.UserId, v.CourseId, c.AttestedAt })
                .Where(x => courseIds.Contains(x.CourseId))
                .ToListAsync())
            .ToLookup(x => (x.UserId, x.CourseId), x => x.AttestedAt);
        var enrolled = (await db.Enrollments.AsNoTracking()
                .Where(e => memberIds.Contains(e.UserId) && courseIds.Contains(e.CourseId))
                .Select(e => new { e.UserId, e.CourseId }).ToListAsync())
            .Select(e => (e.UserId, e.CourseId)).ToHashSet();
        var scores = (await db.QuizAttempts.AsNoTracking()
                .Where(a => memberIds.Contains(a.UserId) && courseIds.Contains(a.CourseId) && a.Passed == true)
                .GroupBy(a => new { a.UserId, a.CourseId })
                .Select(g => new { g.Key.UserId, g.Key.CourseId, Best = g.Max(a => a.ScorePercent) }).ToListAsync())
            .ToDictionary(x => (x.UserId, x.CourseId), x => x.Best);

        // Which assignments can apply to a member, by target, in the original order: one lookup per member instead of
        // a scan of every assignment (2,000 staff × 16,000 assignments was seconds per page view).
        var indexed = assignments.Select((a, i) => (a, i)).ToList();
        var byPerson = indexed.Where(x => x.a.Target == AssignmentTarget.Person).ToLookup(x => x.a.UserId);
        var byTeam = indexed.Where(x => x.a.Target == AssignmentTarget.Team).ToLookup(x => x.a.TeamId);
        var byRole = indexed.Where(x => x.a.Target == AssignmentTarget.JobRole).ToLookup(x => x.a.JobRoleId);
        var cells = new Dictionary<Guid, Dictionary<string, ComplianceCell>>();
        var zones = new Dictionary<string, (TimeZoneInfo Zone, DateOnly Today)>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (!zones.TryGetValue(member.TimeZoneId, out var local))
            {
                local = (Accounts.TimeZones.Find(member.TimeZoneId), AssignmentService.Today(clock, member.TimeZoneId));
                zones[member.TimeZoneId] = local;
            }
            var (zone, today) = local;
            var row = new Dictionary<string, ComplianceCell>();
            var candidates = byPerson[member.UserId].Concat(byTeam[member.TeamId]).Concat(byRole[member.JobRoleId]).OrderBy(x => x.i).Select(x => x.a);
            foreach (var a in candidates)
            {
                var applies = a.Target switch
                {
                    AssignmentTarget.Person => a.UserId == member.UserId,
                    AssignmentTarget.Team => a.TeamId == member.TeamId,
                    AssignmentTarget.JobRole => a.JobRoleId == member.JobRoleId,
                    _ => false,
                } && (a.Target == AssignmentTarget.Person || a.IncludeLaterMembers || member.JoinedAt <= a.CreatedAt);
                if (!applies)
                {
                    continue;
                }
                var cell = Evaluate(a, member.UserId, today, zone, claims, enrolled, scores);
                // Several assignments of one course: the most pressing one counts.
                if (!row.TryGetValue(a.CourseId, out var existing) || Rank(cell) > Rank(existing) || (Rank(cell) == Rank(existing) && cell.DueDate < existing.DueDate))
                {
                    row[a.CourseId] = cell;
                }
            }
            if (row.Count > 0)
            {
                cells[member.UserId] = row;
            }
        }
        return (members, cells);
    }

    private static int Rank(ComplianceCell cell) => cell.Status == ComplianceStatus.Completed ? 0 : 1;

    /// <summary>
    /// Satisfaction: a credit claim for the course inside the window (from the assignment's creation, or
    /// any time when prior completions are allowed). With recurrence, a completion is good until
    /// completion date + N months; after that the person is overdue again.
    /// </summary>
    public static ComplianceCell Evaluate(Assignment a, Guid userId, DateOnly today, TimeZoneInfo zone,
        ILookup<(Guid, string), DateTimeOffset> claims, HashSet<(Guid, string)> enrolled, IReadOnlyDictionary<(Guid, string), int?> scores)
    {
        var completions = claims[(userId, a.CourseId)].Where(at => a.AllowPriorCompletion || at >= a.CreatedAt).ToList();
        scores.TryGetValue((userId, a.CourseId), out var score);
        if (completions.Count > 0)
        {
            var completedOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(completions.Max(), zone).DateTime);
            if (a.RecurrenceMonths is null)
            {
                return new(a.CourseId, a.DueDate, ComplianceStatus.Completed, completedOn, score, a.Id);
            }
            var nextDue = completedOn.AddMonths(a.RecurrenceMonths.Value);
            if (nextDue < a.DueDate)
            {
                nextDue = a.DueDate;
            }
            return today > nextDue
                ? new(a.CourseId, nextDue, ComplianceStatus.Overdue, completedOn, null, a.Id)
                : new(a.CourseId, nextDue, ComplianceStatus.Completed, completedOn, score, a.Id);
        }
        if (today > a.DueDate)
        {
            return new(a.CourseId, a.DueDate, ComplianceStatus.Overdue, null, null, a.Id);
        }
        return new(a.CourseId, a.DueDate, enrolled.Contains((userId, a.CourseId)) ? ComplianceStatus.InProgress : ComplianceStatus.NotStarted, null, null, a.Id);
    }

    public async Task<ComplianceReport> ReportAsync(Guid organizationId, ComplianceFilter filter, bool allPages = false)
    {
        var (members, cells) = await ComputeAsync(organizationId, filter);
        var teams = await db.Set<Team>().AsNoTracking().Where(t => t.OrganizationId == organizationId).ToDictionaryAsync(t => t.Id, t => t.Name);
        var roles = await db.Set<JobRole>().AsNoTracking().Where(t => t.OrganizationId == organizationId).ToDictionaryAsync(t => t.Id, t => t.Name);
        var people = members.Where(m => cells.ContainsKey(m.UserId))
            .Select(m => new CompliancePerson(m.UserId, $"{m.Family}, {m.Given}", m.Email,
                m.TeamId is { } t ? teams.GetValueOrDefault(t) : null, m.JobRoleId is { } r ? roles.GetValueOrDefault(r) : null, cells[m.UserId]))
            .Where(p => filter.Status is null || p.Cells.Values.Any(c => c.Status == filter.Status))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Email, StringComparer.Ordinal)
            .ToList();
        var courseIds = people.SelectMany(p => p.Cells.Keys).Distinct().ToList();
        var titles = await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
            .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title }).ToListAsync();
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
        return new ComplianceReport(courses, shown, people.Count, page, pageCount, byCourse, byTeam);
    }

    /// <summary>CSV (RFC 4180) of the matrix exactly as shown: same columns, same cell text. Formula-injection safe.</summary>
    public static string ToCsv(ComplianceReport report)
    {
        var csv = new StringBuilder();
        void Line(IEnumerable<string?> fields) => csv.Append(string.Join(',', fields.Select(Field))).Append("\r\n");
        Line(new[] { "Person", "E-mail", "Team", "Job role" }.Concat(report.Courses.Select(c => c.Title)));
        foreach (var p in report.People)
        {
            Line(new[] { p.Name, p.Email, p.Team ?? "", p.JobRole ?? "" }
                .Concat(report.Courses.Select(c => p.Cells.TryGetValue(c.Id, out var cell) ? cell.Text : "Not assigned")));
        }
        return csv.ToString();
    }

    /// <summary>Quotes a field; a leading =, +, -, @, tab or CR is prefixed with ' so spreadsheets do not run it as a formula (OWASP).</summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n', '\'']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
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
