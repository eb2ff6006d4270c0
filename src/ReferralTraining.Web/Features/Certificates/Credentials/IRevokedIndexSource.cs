namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// Which indexes of each revocation list (<c>/status/revocation/{list}</c>) belong to revoked certificates. Implemented
/// by the certificates area, which owns revocation; the credentials code only publishes and reads the lists.
/// </summary>
public interface IRevokedIndexSource
{
    Task<IReadOnlyCollection<int>> RevokedIndexesAsync(int list);

    /// <summary>How many lists exist (1, 2, …): lists are numbered from 1 without gaps.</summary>
    Task<int> ListCountAsync();
}
