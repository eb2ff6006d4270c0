using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>
/// Recorded reading time per learner and module of one course, for directors (their organization's members) and admins
/// (everyone). The same seconds the "mark as read" rule reads, so a report never disagrees with what was enforced.
/// </summary>
public sealed class ReadingTimeReport(AppDbContext db)
{
    public const int MaxRows = 500;

    /// <summary>Null when the course does not exist. <paramref name="people"/> null means every learner (admins only).</summary>
    public async Task<ReadingTimeTable?> ForCourseAsync(string courseId, IQueryable<Guid>? people, CancellationToken ct)
    {
        var current = await db.Courses.AsNoTracking().Where(c => c.Id == courseId)
            .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { v.Id, v.Title }).SingleOrDefaultAsync(ct);
        if (current is null)
        {
            return null;
        }
        var modules = await db.CourseModules.AsNoTracking().Where(m => m.CourseVersionId == current.Id).OrderBy(m => m.Number)
            .Select(m => new { m.Number, m.Title, m.WordCount }).ToListAsync(ct);
        var enrollments = db.Enrollments.AsNoTracking().Where(e => e.CourseId == courseId);
        if (people is not null)
        {
            enrollments = enrollments.Where(e => people.Contains(e.UserId));
        }
        var total = await enrollments.CountAsync(ct);
        var learners = await enrollments.Join(db.Users, e => e.UserId, u => u.Id, (e, u) => new { EnrollmentId = e.Id, UserId = u.Id, u.FamilyName, u.GivenName, Email = u.Email! })
            .OrderBy(x => x.FamilyName).ThenBy(x => x.GivenName).ThenBy(x => x.Email).Take(MaxRows).ToListAsync(ct);
        var ids = learners.Select(l => l.EnrollmentId).ToList();
        var seconds = await db.ModuleEngagement.AsNoTracking().Where(g => ids.Contains(g.EnrollmentId))
            .Select(g => new { g.EnrollmentId, g.ModuleNumber, g.EngagedSeconds }).ToListAsync(ct);
        var read = await db.ModuleProgress.AsNoTracking().Where(p => ids.Contains(p.EnrollmentId))
            .Select(p => new { p.EnrollmentId, p.ModuleNumber }).ToListAsync(ct);
        var readSet = read.Select(r => (r.EnrollmentId, r.ModuleNumber)).ToHashSet();
        var byEnrollment = seconds.ToLookup(s => s.EnrollmentId);
        var rows = learners.Select(l =>
        {
            var cells = new Dictionary<int, ReadingTimeCell>();
            foreach (var g in byEnrollment[l.EnrollmentId])
            {
                cells[g.ModuleNumber] = new ReadingTimeCell(g.EngagedSeconds, readSet.Contains((l.EnrollmentId, g.ModuleNumber)));
            }
            foreach (var r in read.Where(r => r.EnrollmentId == l.EnrollmentId && !cells.ContainsKey(r.ModuleNumber)))
            {
                cells[r.ModuleNumber] = new ReadingTimeCell(0, true); // read before time was recorded
            }
            return new ReadingTimeRow(l.UserId, $"{l.FamilyName}, {l.GivenName}", l.Email, cells);
        }).ToList();
        return new ReadingTimeTable(courseId, current.Title,
            modules.Select(m => new ReadingTimeModule(m.Number, m.Title, ReadingTimeOptions.EstimatedSeconds(m.WordCount))).ToList(), rows, total);
    }
}
