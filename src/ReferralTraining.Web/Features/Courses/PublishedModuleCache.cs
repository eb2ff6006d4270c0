using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>What a module page shows of the published content: the same for every reader of that course version.</summary>
public sealed record PublishedModule(string CourseTitle, int ModuleCount, string Title, string Html, IReadOnlyList<Reference> Cited, int WordCount);

/// <summary>
/// Published course versions never change (a new publication is a new version id), so a module's title, HTML and
/// cited references are read from the database once per version and module, not on every page view. Bounded by the
/// published content (courses × versions × modules); misses (no such module) are not cached.
/// </summary>
public sealed class PublishedModuleCache
{
    private readonly ConcurrentDictionary<(Guid VersionId, int Number), PublishedModule> modules = new();

    public async Task<PublishedModule?> GetAsync(AppDbContext db, Guid versionId, int number, CancellationToken ct)
    {
        if (modules.TryGetValue((versionId, number), out var cached))
        {
            return cached;
        }
        var version = await db.CourseVersions.AsNoTracking().Where(v => v.Id == versionId)
            .Select(v => new { v.Title, v.References, Count = v.Modules.Count }).SingleOrDefaultAsync(ct);
        var module = await db.CourseModules.AsNoTracking()
            .Where(m => m.CourseVersionId == versionId && m.Number == number)
            .Select(m => new { m.Title, m.Html, m.CitedReferenceIds, m.WordCount }).SingleOrDefaultAsync(ct);
        if (version is null || module is null)
        {
            return null;
        }
        var cited = module.CitedReferenceIds.Select(id => version.References.FirstOrDefault(r => r.Id == id)).OfType<Reference>().ToList();
        return modules.GetOrAdd((versionId, number), new PublishedModule(version.Title, version.Count, module.Title, module.Html, cited, module.WordCount));
    }
}
