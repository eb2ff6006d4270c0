using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>
/// Publishes valid courses from the content folder as new immutable versions. A course with errors is
/// skipped and its current version stays live; each course is published in its own transaction.
/// </summary>
public sealed class ContentPublisher(
    AppDbContext db, CourseLoader loader, IOptions<CoursesOptions> options, IWebHostEnvironment environment,
    TimeProvider clock, ILogger<ContentPublisher> logger)
{
    public string ContentRoot => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.ContentPath));

    public async Task PublishOnStartupAsync(CancellationToken ct)
    {
        if (!options.Value.PublishOnStartup)
        {
            return;
        }
        var report = await PublishAsync(ContentRoot, ct);
        foreach (var error in report.Errors)
        {
            logger.LogError("Content error {ContentError}", error.ToString());
        }
        logger.LogInformation("Content: {Published} course version(s) published, {Unchanged} unchanged, {Errors} error(s)",
            report.Published.Count, report.Unchanged.Count, report.Errors.Count);
    }

    public async Task<PublishReport> PublishAsync(string contentRoot, CancellationToken ct)
    {
        var result = loader.LoadAll(contentRoot);
        var errors = result.Errors.ToList();
        var published = new List<string>();
        var unchanged = new List<string>();
        foreach (var course in result.Courses)
        {
            var current = await db.Courses.AsNoTracking()
                .Where(c => c.Id == course.Id)
                .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { v.Version, v.ContentHash })
                .SingleOrDefaultAsync(ct);
            if (current?.ContentHash == course.ContentHash)
            {
                unchanged.Add(course.Id);
                continue;
            }
            var versionTaken = await db.CourseVersions.AnyAsync(v => v.CourseId == course.Id && v.Version == course.Version, ct);
            if (versionTaken)
            {
                errors.Add(new ContentError(Relative(contentRoot, course), 0,
                    $"Content changed but version {course.Version} is already published. Increase 'version' to publish the change; certificates must keep pointing at the exact content they were earned on."));
                continue;
            }
            await PublishCourseAsync(course, ct);
            published.Add($"{course.Id}@{course.Version}");
        }

        // Replace the issue list as a whole so admins see exactly the latest run's problems.
        await db.ContentIssues.ExecuteDeleteAsync(ct);
        db.ContentIssues.AddRange(errors.Select(e => new ContentIssue { File = e.File, Line = e.Line, Message = Truncate(e.Message, 1000), DetectedAt = clock.GetUtcNow() }));
        await db.SaveChangesAsync(ct);
        return new PublishReport(published, unchanged, errors);
    }

    private async Task PublishCourseAsync(CourseDefinition course, CancellationToken ct)
    {
        var version = new CourseVersion
        {
            Id = Guid.NewGuid(),
            CourseId = course.Id,
            Version = course.Version,
            ContentHash = course.ContentHash,
            Title = course.Title,
            Summary = course.Summary,
            Audience = course.Audience,
            EstimatedMinutes = course.EstimatedMinutes,
            ReleaseDate = course.ReleaseDate,
            ReviewDate = course.ReviewDate,
            ExpiryDate = course.ExpiryDate,
            OverviewHtml = course.OverviewHtml,
            Objectives = course.Objectives,
            References = course.References,
            Faculty = course.Faculty,
            Credits = course.Credits,
            Quiz = course.Quiz,
            Practices = course.Practices,
            Scenarios = course.Scenarios,
            ScenarioRequirement = course.ScenarioRequirement,
            Planning = course.Planning,
            FollowUpDays = course.FollowUpDays.ToList(),
            PublishedAt = clock.GetUtcNow(),
            Modules = course.Modules.Select(m => new CourseModule
            {
                Id = Guid.NewGuid(),
                Number = m.Number,
                Slug = m.Slug,
                Title = m.Title,
                Html = m.Html,
                ObjectiveIds = m.ObjectiveIds.ToList(),
                CitedReferenceIds = m.CitedReferenceIds.ToList(),
                WordCount = m.WordCount,
            }).ToList(),
        };
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.CourseVersions.Add(version);
            var existing = await db.Courses.SingleOrDefaultAsync(c => c.Id == course.Id, ct);
            if (existing is null)
            {
                db.Courses.Add(new Course { Id = course.Id, CurrentVersionId = version.Id, CreatedAt = clock.GetUtcNow() });
            }
            else
            {
                existing.CurrentVersionId = version.Id;
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
        logger.LogInformation("Published course {CourseId} version {Version} ({Hash})", course.Id, course.Version, course.ContentHash[..12]);
    }

    private static string Relative(string contentRoot, CourseDefinition course) =>
        Path.Combine("content", Path.GetRelativePath(contentRoot, Path.Combine(course.Folder, CourseLoader.CourseFile))).Replace('\\', '/');

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
