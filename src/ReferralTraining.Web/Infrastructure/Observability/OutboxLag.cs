using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Infrastructure.Observability;

internal static class OutboxLag
{
    /// <summary>Unsent e-mails and the age of the oldest (partial index on CreatedAt WHERE SentAt IS NULL).</summary>
    public static async Task<(long Waiting, TimeSpan Oldest)> ReadAsync(IServiceScopeFactory scopes, TimeProvider clock, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.OutboundEmails.Where(e => e.SentAt == null)
            .GroupBy(_ => 1).Select(g => new { Count = g.LongCount(), Oldest = g.Min(e => e.CreatedAt) })
            .SingleOrDefaultAsync(ct);
        return row is null ? (0, TimeSpan.Zero) : (row.Count, clock.GetUtcNow() - row.Oldest is var age && age > TimeSpan.Zero ? age : TimeSpan.Zero);
    }
}
