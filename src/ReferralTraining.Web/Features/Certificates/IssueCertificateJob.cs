using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

public sealed class IssueCertificateJob(CertificateIssuer issuer)
{
    [AutomaticRetry(Attempts = 10)]
    public Task RunAsync(Guid claimId, CancellationToken ct) => issuer.IssueAsync(claimId, null, ct);
}
