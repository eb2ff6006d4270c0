using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>
/// Practice scenarios for a clinician: list, start or resume, choose, continue. All state is on the server (the
/// player works without JavaScript) and every read is scoped to the signed-in person.
/// </summary>
public sealed class ScenarioService(AppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The most one step can credit as engaged time: reading a node and its feedback takes a minute or two, while a
    /// tab left open overnight must not earn its gap (the same idea as the reading heartbeat's cap, ADR-017).
    /// </summary>
    public static readonly TimeSpan MaxCreditPerStep = TimeSpan.FromMinutes(5);

    /// <summary>Seconds to credit for the time between the last activity and now, capped.</summary>
    public static int Credit(DateTimeOffset lastActivity, DateTimeOffset now)
    {
        var gap = now - lastActivity;
        return gap <= TimeSpan.Zero ? 0 : (int)Math.Min(gap.TotalSeconds, MaxCreditPerStep.TotalSeconds);
    }

    public async Task<IReadOnlyList<ScenarioSummary>> ListAsync(Guid userId, string courseId, CancellationToken ct)
    {
        var version = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => new { v.Scenarios, v.ScenarioRequirement })
            .SingleOrDefaultAsync(ct);
        if (version is null || version.Scenarios.Count == 0)
        {
            return [];
        }
        var attempts = await db.ScenarioAttempts.AsNoTracking().Where(a => a.UserId == userId && a.CourseId == courseId)
            .Select(a => new { a.Id, a.ScenarioId, a.FinishedAt, a.FidelityPercent }).ToListAsync(ct);
        var requirement = version.ScenarioRequirement;
        return version.Scenarios.Select(s =>
        {
            var mine = attempts.Where(a => a.ScenarioId == s.Id).ToList();
            var required = requirement?.Required.Contains(s.Id) == true;
            return new ScenarioSummary(s.Id, s.Title, s.Summary, s.EstimatedMinutes, required, required ? requirement!.MinFidelity : null,
                mine.Count, mine.Max(a => a.FidelityPercent), mine.FirstOrDefault(a => a.FinishedAt is null)?.Id);
        }).ToList();
    }

    /// <summary>The scenario as published in the version the clinician is enrolled in, or null.</summary>
    public async Task<ScenarioDefinition?> FindScenarioAsync(Guid userId, string courseId, string scenarioId, CancellationToken ct)
    {
        var scenarios = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => v.Scenarios).SingleOrDefaultAsync(ct);
        return scenarios?.FirstOrDefault(s => s.Id == scenarioId);
    }

    /// <summary>Starts an attempt, or returns the one already open (a second tab or a double click resumes it).</summary>
    public async Task<ScenarioAttempt?> StartAsync(Guid userId, string courseId, string scenarioId, CancellationToken ct)
    {
        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => new { e.Id, e.CourseVersionId, v.Scenarios })
            .SingleOrDefaultAsync(ct);
        var scenario = enrollment?.Scenarios.FirstOrDefault(s => s.Id == scenarioId);
        if (enrollment is null || scenario is null)
        {
            return null;
        }
        for (var tries = 0; tries < 3; tries++)
        {
            var open = await db.ScenarioAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == userId && a.ScenarioId == scenarioId && a.FinishedAt == null, ct);
            if (open is not null)
            {
                return open;
            }
            var number = await db.ScenarioAttempts.Where(a => a.UserId == userId && a.ScenarioId == scenarioId).MaxAsync(a => (int?)a.Number, ct) ?? 0;
            var now = clock.GetUtcNow();
            var attempt = new ScenarioAttempt
            {
                Id = Guid.NewGuid(),
                UserId = userId,
                EnrollmentId = enrollment.Id,
                CourseId = courseId,
                CourseVersionId = enrollment.CourseVersionId,
                ScenarioId = scenarioId,
                Number = number + 1,
                StartedAt = now,
                LastActivityAt = now,
                CurrentNodeId = scenario.StartNodeId,
                Scenario = scenario,
            };
            db.ScenarioAttempts.Add(attempt);
            try
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                return attempt;
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another request started one at the same moment: resume that one.
                db.ChangeTracker.Clear();
            }
        }
        return null;
    }

    /// <summary>An attempt of this person's, or null: another person's attempt id reads as not found.</summary>
    public Task<ScenarioAttempt?> FindAsync(Guid userId, Guid attemptId, CancellationToken ct) =>
        db.ScenarioAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId, ct);

    /// <summary>This person's finished attempts at a scenario, newest first.</summary>
    public async Task<IReadOnlyList<ScenarioAttempt>> FinishedAsync(Guid userId, string scenarioId, CancellationToken ct) =>
        await db.ScenarioAttempts.AsNoTracking().Where(a => a.UserId == userId && a.ScenarioId == scenarioId && a.FinishedAt != null)
            .OrderByDescending(a => a.Number).ToListAsync(ct);

    /// <summary>
    /// Records a choice at the current node. A stale post (the node was already answered, e.g. a double click or
    /// the back button) changes nothing and is not an error: the page shows where the attempt stands.
    /// </summary>
    /// <returns>Null when done (or stale), else a message for the page.</returns>
    public async Task<string?> ChooseAsync(Guid userId, Guid attemptId, string? nodeId, int? choiceNumber, CancellationToken ct)
    {
        var attempt = await db.ScenarioAttempts.SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId, ct);
        if (attempt is null)
        {
            return "This attempt does not exist.";
        }
        if (attempt.FinishedAt is not null || attempt.FeedbackPending || nodeId != attempt.CurrentNodeId)
        {
            return null;
        }
        var node = attempt.Scenario.Node(attempt.CurrentNodeId);
        var choice = node?.Choices.FirstOrDefault(c => c.Number == choiceNumber);
        if (node is null || choice is null)
        {
            return "Choose one of the options, then press Choose.";
        }
        var now = clock.GetUtcNow();
        attempt.Steps = [.. attempt.Steps, new ScenarioStep(node.Id, choice.Number, now)];
        attempt.CurrentNodeId = choice.Next;
        attempt.FeedbackPending = true;
        attempt.EngagedSeconds += Credit(attempt.LastActivityAt, now);
        attempt.LastActivityAt = now;
        if (attempt.Scenario.Node(choice.Next)?.IsEnd == true)
        {
            var (percent, results) = ScenarioScoring.Score(attempt.Scenario, attempt.Steps);
            attempt.FinishedAt = now;
            attempt.FidelityPercent = percent;
            attempt.Results = results;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The same step was posted twice at once; the first one counts.
        }
        db.ChangeTracker.Clear();
        return null;
    }

    /// <summary>Leaves the feedback of the last choice and goes on to the next node (or the debrief).</summary>
    public async Task ContinueAsync(Guid userId, Guid attemptId, CancellationToken ct)
    {
        var attempt = await db.ScenarioAttempts.SingleOrDefaultAsync(a => a.Id == attemptId && a.UserId == userId && a.FeedbackPending, ct);
        if (attempt is null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        // Time reading the feedback is credited like time at a node.
        attempt.FeedbackPending = false;
        attempt.EngagedSeconds += Credit(attempt.LastActivityAt, now);
        attempt.LastActivityAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Continue pressed twice at once; the first one counts.
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Plays a path (choice numbers) through the same steps as the player: start or resume, then choose and continue
    /// at each node. For the demo seed and tests; returns the attempt as it ends.
    /// </summary>
    public async Task<ScenarioAttempt?> PlayAsync(Guid userId, string courseId, string scenarioId, IReadOnlyList<int> path, CancellationToken ct)
    {
        var attempt = await StartAsync(userId, courseId, scenarioId, ct);
        if (attempt is null)
        {
            return null;
        }
        if (attempt.Steps.Count > 0)
        {
            throw new InvalidOperationException($"Scenario {scenarioId} has an attempt in progress; a path is played from the start.");
        }
        foreach (var number in path)
        {
            var current = (await FindAsync(userId, attempt.Id, ct))!;
            if (await ChooseAsync(userId, attempt.Id, current.CurrentNodeId, number, ct) is { } problem)
            {
                throw new InvalidOperationException($"Scenario {scenarioId}: {problem}");
            }
            await ContinueAsync(userId, attempt.Id, ct);
        }
        return await FindAsync(userId, attempt.Id, ct);
    }

    /// <summary>Plays the keyed path of every scenario the course requires that this person has not yet passed.</summary>
    public async Task PassRequiredAsync(Guid userId, string courseId, CancellationToken ct)
    {
        foreach (var summary in await UnmetRequirementsAsync(userId, courseId, ct))
        {
            var scenario = (await FindScenarioAsync(userId, courseId, summary.Id, ct))!;
            await PlayAsync(userId, courseId, summary.Id, ScenarioPaths.Keyed(scenario), ct);
        }
    }

    /// <summary>Required scenarios of the course without an attempt at or above the minimum (empty: requirement met).</summary>
    public async Task<IReadOnlyList<ScenarioSummary>> UnmetRequirementsAsync(Guid userId, string courseId, CancellationToken ct) =>
        (await ListAsync(userId, courseId, ct)).Where(s => s.Required && !s.Passed).ToList();
}
