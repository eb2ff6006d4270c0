namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// Which indexes of each status list (<c>/status/revocation/{list}</c>, <c>/status/suspension/{list}</c>) belong to revoked or suspended certificates. Implemented
/// by the certificates area, which owns revocation; the credentials code only publishes and reads the lists.
/// </summary>
public interface IRevokedIndexSource
{
    Task<IReadOnlyCollection<int>> RevokedIndexesAsync(int list, CancellationToken ct);

    /// <summary>Indexes of list <paramref name="list"/> whose certificates are suspended now (the same slot as their revocation bit).</summary>
    Task<IReadOnlyCollection<int>> SuspendedIndexesAsync(int list, CancellationToken ct);

    /// <summary>How many lists exist (1, 2, …): lists are numbered from 1 without gaps.</summary>
    Task<int> ListCountAsync(CancellationToken ct);
}
