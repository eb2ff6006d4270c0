using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// Hands each certificate its own (list, index) in the revocation status lists. A list's indexes are shuffled once
/// when the list is created (W3C Bitstring Status List: random assignment, so an index says nothing about issue order
/// or volume) and handed out in that order through a PostgreSQL sequence: no collisions, no retries, one round trip,
/// whatever the fill. When a list is used up the next one is created, so issuing never stops.
/// </summary>
public sealed class StatusListAllocator(AppDbContext db, ILogger<StatusListAllocator> logger)
{
    /// <summary>Entries per list: the specification's minimum, which gives each holder herd privacy.</summary>
    public const int ListSize = 131_072;
    public const string PositionSequence = "status_list_position";

    // Any constant: serialises list creation across instances (pg_advisory_xact_lock).
    private const long CreateListLock = 0x5354_4C49_5354; // "STLIST"

    public async Task<(int List, int Index)> NextAsync(CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // nextval is outside any transaction: a position is never handed out twice, even across instances; a
            // rolled-back issue wastes its position, which only costs one unused bit.
            var drawn = await db.Database.SqlQuery<DrawnSlot>($"""
                WITH p AS MATERIALIZED (SELECT nextval('status_list_position') AS "Position")
                SELECT p."Position", s."List", s."Index" FROM p LEFT JOIN status_list_slots s ON s."Position" = p."Position"
                """).SingleAsync(ct);
            if (drawn.List is { } list && drawn.Index is { } index)
            {
                return (list, index);
            }
            await AddListAsync(drawn.Position, ct);
        }
        throw new InvalidOperationException("No revocation status list position could be allocated.");
    }

    /// <summary>Creates the next list when <paramref name="position"/> is past the last one (another instance may have done it).</summary>
    private async Task AddListAsync(long position, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var added = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CreateListLock})", ct);
            // Indexes already used in that list (certificates issued before this allocator) are left out.
            var rows = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO status_list_slots ("Position", "List", "Index")
                SELECT n.start + row_number() OVER (ORDER BY gen_random_uuid()) - 1, n.list, i
                FROM (SELECT COALESCE(MAX("Position") + 1, 0) AS start, COALESCE(MAX("List"), 0) + 1 AS list FROM status_list_slots) n
                CROSS JOIN generate_series(0, {ListSize - 1}) i
                WHERE {position} >= n.start
                  AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c."StatusList" = n.list AND c."StatusListIndex" = i)
                """, ct);
            await transaction.CommitAsync(ct);
            return rows;
        });
        if (added > 0)
        {
            var list = await db.Set<StatusListSlot>().MaxAsync(s => s.List, ct);
            // The first list is expected; a later one means the previous list is full, which operators should hear about.
            logger.Log(list == 1 ? LogLevel.Information : LogLevel.Warning,
                "Revocation status list {List} created with {Entries} free entries (position {Position})", list, added, position);
        }
    }

    private sealed class DrawnSlot
    {
        public long Position { get; set; }
        public int? List { get; set; }
        public int? Index { get; set; }
    }
}
