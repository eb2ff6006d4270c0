using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>Signs a certificate's credential; the Open Badges signer plugs in here.</summary>
public interface ICredentialSigner
{
    Task<string?> SignAsync(CertificateDocument document, CancellationToken ct);
}
