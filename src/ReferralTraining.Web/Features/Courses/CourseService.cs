using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>Enrolment and reading progress: the one write path for pages, API and jobs.</summary>
public sealed class CourseService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Enrols the learner in the course's current version. Enrolling twice returns the first enrolment.</summary>
    public async Task<Guid?> EnrollAsync(Guid userId, string courseId)
    {
        var existing = await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId).Select(e => (Guid?)e.Id).SingleOrDefaultAsync();
        if (existing is not null)
        {
            return existing;
        }
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId);
        if (course is null)
        {
            return null;
        }
        var enrollment = new Enrollment
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CourseId = courseId,
            CourseVersionId = course.CurrentVersionId,
            EnrolledAt = clock.GetUtcNow(),
        };
        db.Enrollments.Add(enrollment);
        try
        {
            await db.SaveChangesAsync();
            return enrollment.Id;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A double click raced us: the unique (user, course) index keeps one enrolment.
            db.ChangeTracker.Clear();
            return await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId).Select(e => e.Id).SingleAsync();
        }
    }

    /// <summary>Marks a module read (idempotent) and completes the reading when every module is read.</summary>
    public async Task<ProgressOutcome> MarkModuleReadAsync(Guid userId, string courseId, int moduleNumber)
    {
        var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == userId && e.CourseId == courseId);
        if (enrollment is null)
        {
            return ProgressOutcome.NotEnrolled;
        }
        var moduleCount = await db.CourseModules.CountAsync(m => m.CourseVersionId == enrollment.CourseVersionId);
        if (moduleNumber < 1 || moduleNumber > moduleCount)
        {
            return ProgressOutcome.NoSuchModule;
        }
        var now = clock.GetUtcNow();
        // ON CONFLICT DO NOTHING: a retried or doubled request records the module once.
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO module_progress ("EnrollmentId", "ModuleNumber", "ReadAt") VALUES ({enrollment.Id}, {moduleNumber}, {now}) ON CONFLICT DO NOTHING""");
        var read = await db.ModuleProgress.CountAsync(p => p.EnrollmentId == enrollment.Id);
        enrollment.LastActivityAt = now;
        if (read >= moduleCount && enrollment.ReadingCompletedAt is null)
        {
            enrollment.ReadingCompletedAt = now;
        }
        await db.SaveChangesAsync();
        return ProgressOutcome.Saved;
    }
}
