using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>Enrollment and reading progress: the one write path for pages, API and jobs.</summary>
public sealed class CourseService(AppDbContext db, TimeProvider clock, IOptions<ReadingTimeOptions> readingTime)
{
    /// <summary>Enrolls the learner in the course's current version. Enrolling twice returns the first enrollment.</summary>
    public async Task<Guid?> EnrollAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var existing = await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId).Select(e => (Guid?)e.Id).SingleOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing;
        }
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId, ct);
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
            await db.SaveChangesAsync(ct);
            return enrollment.Id;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A double click raced us: the unique (user, course) index keeps one enrollment.
            db.ChangeTracker.Clear();
            return await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId).Select(e => e.Id).SingleAsync(ct);
        }
    }

    /// <summary>
    /// Records that the learner read the disclosures of the version they are enrolled in (once; a repeat keeps the first
    /// time). False when they are not enrolled.
    /// </summary>
    public async Task<bool> AcknowledgeDisclosuresAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var versionId = await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId).Select(e => (Guid?)e.CourseVersionId).SingleOrDefaultAsync(ct);
        if (versionId is null)
        {
            return false;
        }
        // ON CONFLICT: a double click or a second tab keeps the first acknowledgment and its time.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO disclosure_acknowledgments ("UserId", "CourseVersionId", "AcknowledgedAt")
            VALUES ({userId}, {versionId.Value}, {clock.GetUtcNow()})
            ON CONFLICT DO NOTHING
            """, ct);
        return true;
    }

    /// <summary>When the learner acknowledged the disclosures of this course version, or null.</summary>
    public Task<DateTimeOffset?> DisclosuresAcknowledgedAtAsync(Guid userId, Guid courseVersionId, CancellationToken ct) =>
        db.Set<DisclosureAcknowledgment>().Where(a => a.UserId == userId && a.CourseVersionId == courseVersionId)
            .Select(a => (DateTimeOffset?)a.AcknowledgedAt).SingleOrDefaultAsync(ct);

    /// <summary>
    /// Marks a module read (idempotent) and completes the reading when every module is read. A module not yet read needs
    /// the configured share of its estimated reading time recorded first (<see cref="ProgressOutcome.TooSoon"/> otherwise).
    /// </summary>
    public async Task<ProgressOutcome> MarkModuleReadAsync(Guid userId, string courseId, int moduleNumber, CancellationToken ct)
    {
        var enrollment = await db.Enrollments.SingleOrDefaultAsync(e => e.UserId == userId && e.CourseId == courseId, ct);
        if (enrollment is null)
        {
            return ProgressOutcome.NotEnrolled;
        }
        var moduleCount = await db.CourseModules.CountAsync(m => m.CourseVersionId == enrollment.CourseVersionId, ct);
        if (moduleNumber < 1 || moduleNumber > moduleCount)
        {
            return ProgressOutcome.NoSuchModule;
        }
        var now = clock.GetUtcNow();
        if (!await db.ModuleProgress.AnyAsync(p => p.EnrollmentId == enrollment.Id && p.ModuleNumber == moduleNumber, ct))
        {
            var time = await CloseStretchAsync(enrollment.Id, enrollment.CourseVersionId, moduleNumber, now, ct);
            if (time.SecondsStillNeeded > 0)
            {
                return ProgressOutcome.TooSoon;
            }
        }
        // ON CONFLICT DO NOTHING: a retried or doubled request records the module once.
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO module_progress ("EnrollmentId", "ModuleNumber", "ReadAt") VALUES ({enrollment.Id}, {moduleNumber}, {now}) ON CONFLICT DO NOTHING""", ct);
        var read = await db.ModuleProgress.CountAsync(p => p.EnrollmentId == enrollment.Id, ct);
        enrollment.LastActivityAt = now;
        if (read >= moduleCount && enrollment.ReadingCompletedAt is null)
        {
            enrollment.ReadingCompletedAt = now;
        }
        await db.SaveChangesAsync(ct);
        return ProgressOutcome.Saved;
    }

    /// <summary>
    /// The module page is being served: reads the learner's enrollment, the modules read and the disclosure
    /// acknowledgment, and starts this view's clock, in one statement (the most-read page pays one round trip). The gap
    /// since an earlier view is never credited (the learner may have left hours ago), so reopening a module cannot earn
    /// time. No clock starts without an acknowledgment or for a module the version does not have.
    /// </summary>
    /// <returns>Null when the learner is not enrolled in the course.</returns>
    public async Task<ModuleVisit?> OpenModuleAsync(Guid userId, string courseId, int moduleNumber, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Database.SqlQuery<ModuleVisit>($"""
            WITH e AS (
                SELECT e."Id", e."CourseVersionId",
                    EXISTS (SELECT 1 FROM disclosure_acknowledgments AS a WHERE a."UserId" = {userId} AND a."CourseVersionId" = e."CourseVersionId") AS "Acknowledged"
                FROM enrollments AS e WHERE e."UserId" = {userId} AND e."CourseId" = {courseId}
            ), viewed AS (
                INSERT INTO module_engagement ("EnrollmentId", "ModuleNumber", "EngagedSeconds", "LastSeenAt", "ScriptActive", "Paused")
                SELECT e."Id", {moduleNumber}, 0, {now}, FALSE, FALSE FROM e
                WHERE e."Acknowledged" AND EXISTS (SELECT 1 FROM course_modules AS m WHERE m."CourseVersionId" = e."CourseVersionId" AND m."Number" = {moduleNumber})
                ON CONFLICT ("EnrollmentId", "ModuleNumber") DO UPDATE SET "LastSeenAt" = EXCLUDED."LastSeenAt", "ScriptActive" = FALSE, "Paused" = FALSE
                RETURNING "EngagedSeconds"
            )
            SELECT e."Id" AS "EnrollmentId", e."CourseVersionId", e."Acknowledged",
                ARRAY(SELECT p."ModuleNumber" FROM module_progress AS p WHERE p."EnrollmentId" = e."Id" ORDER BY p."ModuleNumber") AS "Read",
                (SELECT v."EngagedSeconds" FROM viewed AS v) AS "EngagedSeconds"
            FROM e
            """).ToListAsync(ct);
        return rows.SingleOrDefault();
    }

    /// <summary>
    /// A heartbeat from the open module page: credits the real seconds since the previous view or heartbeat, at most
    /// <see cref="ReadingTimeOptions.MaxCreditPerHeartbeatSeconds"/>, and nothing while the page said it was hidden. The
    /// client sends no time of its own. False when the learner has no open view of this module (nothing is credited).
    /// </summary>
    public async Task<bool> HeartbeatAsync(Guid userId, string courseId, int moduleNumber, bool visible, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cap = readingTime.Value.MaxCreditPerHeartbeatSeconds;
        var paused = !visible;
        // One statement: concurrent heartbeats (two tabs) cannot both credit the same stretch.
        var rows = await db.Database.ExecuteSqlAsync($"""
            UPDATE module_engagement AS g SET
                "EngagedSeconds" = g."EngagedSeconds" + CASE WHEN g."Paused" OR g."LastSeenAt" IS NULL THEN 0
                    ELSE LEAST({cap}, GREATEST(0, floor(EXTRACT(EPOCH FROM ({now} - g."LastSeenAt")))))::int END,
                "LastSeenAt" = {now}, "ScriptActive" = TRUE, "Paused" = {paused}
            FROM enrollments AS e
            WHERE e."Id" = g."EnrollmentId" AND e."UserId" = {userId} AND e."CourseId" = {courseId} AND g."ModuleNumber" = {moduleNumber}
            """, ct);
        return rows > 0;
    }

    /// <summary>Recorded and required time for a module of the learner's enrollment, or null when there is no such module.</summary>
    public async Task<ModuleReadingTime?> ReadingTimeAsync(Guid userId, string courseId, int moduleNumber, CancellationToken ct)
    {
        var row = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseModules, e => e.CourseVersionId, m => m.CourseVersionId, (e, m) => new { e.Id, m.Number, m.WordCount })
            .Where(x => x.Number == moduleNumber)
            .Select(x => new
            {
                x.WordCount,
                Engaged = db.ModuleEngagement.Where(g => g.EnrollmentId == x.Id && g.ModuleNumber == moduleNumber).Select(g => (int?)g.EngagedSeconds).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : Time(row.Engaged ?? 0, row.WordCount);
    }

    /// <summary>
    /// For the demo seed and test set-up, which stand in for a learner who read the module: records its whole estimated
    /// reading time, then marks it read. Never called from a request.
    /// </summary>
    public async Task<ProgressOutcome> RecordReadingAsync(Guid userId, string courseId, int moduleNumber, CancellationToken ct)
    {
        var target = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseModules, e => e.CourseVersionId, m => m.CourseVersionId, (e, m) => new { e.Id, m.Number, m.WordCount })
            .Where(x => x.Number == moduleNumber).SingleOrDefaultAsync(ct);
        if (target is not null)
        {
            var seconds = ReadingTimeOptions.EstimatedSeconds(target.WordCount);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO module_engagement ("EnrollmentId", "ModuleNumber", "EngagedSeconds", "LastSeenAt", "ScriptActive", "Paused")
                VALUES ({target.Id}, {moduleNumber}, {seconds}, NULL, FALSE, FALSE)
                ON CONFLICT ("EnrollmentId", "ModuleNumber") DO UPDATE SET "EngagedSeconds" = GREATEST(module_engagement."EngagedSeconds", EXCLUDED."EngagedSeconds")
                """, ct);
        }
        return await MarkModuleReadAsync(userId, courseId, moduleNumber, ct);
    }

    /// <summary>
    /// Credits the open stretch when the learner asks to mark the module read: since the last heartbeat (capped like
    /// one), or, when no script ran (no JavaScript, a screen reader's browse mode), since the page was served, capped
    /// at the module's estimated reading time, so reading without JavaScript is never blocked.
    /// </summary>
    private async Task<ModuleReadingTime> CloseStretchAsync(Guid enrollmentId, Guid courseVersionId, int moduleNumber, DateTimeOffset now, CancellationToken ct)
    {
        var words = await db.CourseModules.Where(m => m.CourseVersionId == courseVersionId && m.Number == moduleNumber).Select(m => m.WordCount).SingleAsync(ct);
        var cap = readingTime.Value.MaxCreditPerHeartbeatSeconds;
        var estimated = ReadingTimeOptions.EstimatedSeconds(words);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE module_engagement SET
                "EngagedSeconds" = "EngagedSeconds" + CASE WHEN "Paused" OR "LastSeenAt" IS NULL THEN 0
                    ELSE LEAST(CASE WHEN "ScriptActive" THEN {cap} ELSE {estimated} END, GREATEST(0, floor(EXTRACT(EPOCH FROM ({now} - "LastSeenAt")))))::int END,
                "LastSeenAt" = CASE WHEN "LastSeenAt" IS NULL THEN NULL ELSE {now} END
            WHERE "EnrollmentId" = {enrollmentId} AND "ModuleNumber" = {moduleNumber}
            """, ct);
        var engaged = await db.ModuleEngagement.Where(g => g.EnrollmentId == enrollmentId && g.ModuleNumber == moduleNumber)
            .Select(g => (int?)g.EngagedSeconds).SingleOrDefaultAsync(ct);
        return Time(engaged ?? 0, words);
    }

    public ModuleReadingTime Time(int engaged, int words) =>
        new(engaged, readingTime.Value.RequiredSeconds(words), ReadingTimeOptions.EstimatedSeconds(words));
}
