using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>Signs each certificate as an Open Badges 3.0 credential (VC-JWT, ES256) with the issuer's current key.</summary>
internal sealed class OpenBadgeSigner(Credentials.IssuerKeyStore keys, IOptions<Credentials.CredentialsOptions> options) : ICredentialSigner
{
    public async Task<string?> SignAsync(CertificateDocument document, CancellationToken ct) =>
        await keys.SignAsync(Credentials.OpenBadgeBuilder.Build(document, options.Value), ct);
}
