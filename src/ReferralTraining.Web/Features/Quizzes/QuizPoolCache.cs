using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Web.Features.Quizzes;

/// <summary>
/// Course versions are immutable, so their quiz pools can be cached for the life of the process: starting an
/// attempt then costs no JSON parsing of the whole pool.
/// </summary>
public sealed class QuizPoolCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, QuizPool?> pools = new();

    public async Task<QuizPool?> GetAsync(AppDbContext db, Guid courseVersionId, CancellationToken ct)
    {
        if (pools.TryGetValue(courseVersionId, out var pool))
        {
            return pool;
        }
        pool = await db.CourseVersions.AsNoTracking().Where(v => v.Id == courseVersionId).Select(v => v.Quiz).SingleOrDefaultAsync(ct);
        pools.TryAdd(courseVersionId, pool);
        return pool;
    }
}
