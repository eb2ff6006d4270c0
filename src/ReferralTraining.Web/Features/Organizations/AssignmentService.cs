using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Organizations;

public sealed class AssignmentService(AppDbContext db, TimeProvider clock)
{
    /// <summary>The calendar date now in a time zone (UTC when the id is unknown).</summary>
    public static DateOnly Today(TimeProvider clock, string? timeZoneId)
    {
        var zone = Accounts.TimeZones.Find(timeZoneId);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
    }

    /// <summary>Creates one assignment per course, all or none. Errors name the field they concern.</summary>
    public async Task<OrgResult<IReadOnlyList<Guid>>> CreateAsync(Guid organizationId, AssignmentRequest request, Guid? actorId, string? actorTimeZone, CancellationToken ct)
    {
        static OrgResult<IReadOnlyList<Guid>> Fail(string message, string field) => OrgResults.Fail<IReadOnlyList<Guid>>(message, field);
        var courseIds = request.CourseIds.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList();
        if (courseIds.Count == 0)
        {
            return Fail("Choose at least one course.", "CourseIds");
        }
        var known = await db.Courses.Where(c => courseIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        if (known.Count != courseIds.Count)
        {
            // An id we do not know has no title to show: say what is wrong without echoing it.
            var unknown = courseIds.Count - known.Count;
            return Fail(unknown == 1 ? "One of the chosen courses is not in the catalog. Choose courses from the list."
                : $"{unknown} of the chosen courses are not in the catalog. Choose courses from the list.", "CourseIds");
        }
        if (request.TargetId is null)
        {
            return Fail(request.Target switch
            {
                AssignmentTarget.Team => "Choose a team.",
                AssignmentTarget.JobRole => "Choose a job role.",
                _ => "Choose a person.",
            }, "TargetId");
        }
        var targetOk = request.Target switch
        {
            AssignmentTarget.Person => await db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == organizationId && m.UserId == request.TargetId, ct),
            AssignmentTarget.Team => await db.Set<Team>().AnyAsync(t => t.OrganizationId == organizationId && t.Id == request.TargetId, ct),
            AssignmentTarget.JobRole => await db.Set<JobRole>().AnyAsync(t => t.OrganizationId == organizationId && t.Id == request.TargetId, ct),
            _ => false,
        };
        if (!targetOk)
        {
            return Fail(request.Target == AssignmentTarget.Person ? "This person is not a member of your organization." : "Choose a team or job role of your organization.", "TargetId");
        }
        if (request.DueDate is null)
        {
            return Fail("Enter a due date.", "DueDate");
        }
        if (request.DueDate < Today(clock, actorTimeZone))
        {
            return Fail("The due date must be today or later.", "DueDate");
        }
        if (request.RecurrenceMonths is not null and (< 1 or > 120))
        {
            return Fail("Recurrence must be between 1 and 120 months, or empty for once.", "RecurrenceMonths");
        }
        Guid? userId = request.Target == AssignmentTarget.Person ? request.TargetId : null;
        Guid? teamId = request.Target == AssignmentTarget.Team ? request.TargetId : null;
        Guid? jobRoleId = request.Target == AssignmentTarget.JobRole ? request.TargetId : null;
        var duplicates = await db.Set<Assignment>()
            .Where(a => a.OrganizationId == organizationId && courseIds.Contains(a.CourseId) && a.Target == request.Target
                && a.UserId == userId && a.TeamId == teamId && a.JobRoleId == jobRoleId)
            .Select(a => a.CourseId).ToListAsync(ct);
        if (duplicates.Count > 0)
        {
            // Refusals name courses as people know them: by title, never by id.
            var titles = await db.Courses.Where(c => duplicates.Contains(c.Id))
                .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => v.Title).OrderBy(t => t).ToListAsync(ct);
            return Fail($"Already assigned to this {(request.Target == AssignmentTarget.JobRole ? "job role" : request.Target.ToString().ToLowerInvariant())}: " +
                $"{string.Join("; ", titles.Select(t => $"\"{t}\""))}.", "CourseIds");
        }
        var now = clock.GetUtcNow();
        var created = courseIds.Select(courseId => new Assignment
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, CourseId = courseId, Target = request.Target,
            UserId = userId, TeamId = teamId, JobRoleId = jobRoleId, DueDate = request.DueDate.Value,
            RecurrenceMonths = request.RecurrenceMonths, IncludeLaterMembers = request.IncludeLaterMembers,
            AllowPriorCompletion = request.AllowPriorCompletion, CreatedAt = now, CreatedByUserId = actorId,
        }).ToList();
        db.AddRange(created);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Fail("Already assigned (someone else just created the same assignment).", "CourseIds");
        }
        return new(created.Select(a => a.Id).ToList());
    }

    public async Task<bool> DeleteAsync(Guid organizationId, Guid assignmentId, CancellationToken ct) =>
        await db.Set<Assignment>().Where(a => a.OrganizationId == organizationId && a.Id == assignmentId).ExecuteDeleteAsync(ct) == 1;
}
