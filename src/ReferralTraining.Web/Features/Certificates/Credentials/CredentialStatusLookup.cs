using System.Text.Json.Nodes;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

/// <summary>Answers whether a status bit is set. Must not trust lists the issuer did not publish.</summary>
public delegate ValueTask<StatusLookupResult> CredentialStatusLookup(StatusEntry entry, CancellationToken ct);
