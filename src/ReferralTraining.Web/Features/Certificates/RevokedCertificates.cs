using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>
/// The revocation lists publish exactly the revoked certificates, the suspension lists exactly the suspended ones, each at
/// the certificate's one slot (ADR-007): reinstating clears the suspension bit, revoking moves it to the revocation list for good.
/// </summary>
internal sealed class RevokedCertificates(AppDbContext db) : Credentials.IRevokedIndexSource
{
    public Task<IReadOnlyCollection<int>> RevokedIndexesAsync(int list, CancellationToken ct) => IndexesAsync(list, CertificateStatus.Revoked, ct);

    public Task<IReadOnlyCollection<int>> SuspendedIndexesAsync(int list, CancellationToken ct) => IndexesAsync(list, CertificateStatus.Suspended, ct);

    private async Task<IReadOnlyCollection<int>> IndexesAsync(int list, CertificateStatus status, CancellationToken ct) =>
        await db.Certificates.AsNoTracking().Where(c => c.StatusList == list && c.Status == status).Select(c => c.StatusListIndex).ToListAsync(ct);

    // List 1 always exists (it is published before the first certificate); later lists once the allocator created them.
    public async Task<int> ListCountAsync(CancellationToken ct) =>
        Math.Max(1, await db.Set<StatusListSlot>().MaxAsync(s => (int?)s.List, ct) ?? 0);
}
