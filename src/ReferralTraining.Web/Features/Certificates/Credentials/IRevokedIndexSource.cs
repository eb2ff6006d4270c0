namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>
/// Which indexes of the revocation list (<c>/status/revocation/1</c>) belong to revoked certificates. Implemented by
/// the certificates area, which owns revocation; the credentials code only publishes and reads the list.
/// </summary>
public interface IRevokedIndexSource
{
    Task<IReadOnlyCollection<int>> RevokedIndexesAsync();
}
