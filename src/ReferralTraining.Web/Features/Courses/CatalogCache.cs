using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>
/// The catalog's cards. A published version never changes (a new publication is a new version id), so each card is read
/// from the database once per version; a page view only asks which version of each course is current (one small
/// query), which keeps a publication visible at once on every instance. Bounded by the published versions.
/// </summary>
public sealed class CatalogCache
{
    private static readonly Func<AppDbContext, IAsyncEnumerable<Guid>> CurrentVersions =
        EF.CompileAsyncQuery((AppDbContext db) => db.Courses.AsNoTracking().Select(c => c.CurrentVersionId));

    private readonly ConcurrentDictionary<Guid, CatalogCard> cards = new();

    public async Task<IReadOnlyList<CatalogCard>> CurrentAsync(AppDbContext db, CancellationToken ct)
    {
        var current = new List<Guid>();
        await foreach (var id in CurrentVersions(db).WithCancellation(ct))
        {
            current.Add(id);
        }
        var missing = current.Where(id => !cards.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var loaded = await db.CourseVersions.AsNoTracking().Where(v => missing.Contains(v.Id))
                .Select(v => new { v.Id, Card = new CatalogCard(v.CourseId, v.Title, v.Summary, v.EstimatedMinutes, v.Modules.Count, v.Version) })
                .ToListAsync(ct);
            foreach (var row in loaded)
            {
                cards.TryAdd(row.Id, row.Card);
            }
        }
        return current.Select(id => cards.GetValueOrDefault(id)).OfType<CatalogCard>()
            .OrderBy(c => c.Title, StringComparer.Create(CultureInfo.InvariantCulture, ignoreCase: false)).ToList();
    }
}
