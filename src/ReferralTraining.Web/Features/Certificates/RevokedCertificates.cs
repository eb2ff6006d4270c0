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
    public Task<IReadOnlyCollection<int>> RevokedIndexesAsync(int list) => IndexesAsync(list, CertificateStatus.Revoked);

    public Task<IReadOnlyCollection<int>> SuspendedIndexesAsync(int list) => IndexesAsync(list, CertificateStatus.Suspended);

    private async Task<IReadOnlyCollection<int>> IndexesAsync(int list, CertificateStatus status) =>
        await db.Certificates.AsNoTracking().Where(c => c.StatusList == list && c.Status == status).Select(c => c.StatusListIndex).ToListAsync();

    // List 1 always exists (it is published before the first certificate); later lists once the allocator created them.
    public async Task<int> ListCountAsync() =>
        Math.Max(1, await db.Set<StatusListSlot>().MaxAsync(s => (int?)s.List) ?? 0);
}
