using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>Revoke, suspend or reinstate, with a reason, keeping every change in the audit log.</summary>
public sealed class CertificateStatusService(AppDbContext db, TimeProvider clock)
{
    /// <summary>The reason rule, also checked before a revocation is confirmed (the confirmation step must not show a change that would fail).</summary>
    public static string? ReasonProblem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5 || reason.Length > 500 ? "Give a reason of 5 to 500 characters; boards see it." : null;

    public async Task<string?> ChangeAsync(Guid certificateId, CertificateStatus to, string? reason, Guid actorUserId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || ReasonProblem(reason) is not null)
        {
            return ReasonProblem(reason);
        }
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Id == certificateId, ct);
        if (certificate is null)
        {
            return "There is no such certificate.";
        }
        if (certificate.Status == CertificateStatus.Revoked)
        {
            return "A revoked certificate stays revoked (revocation is permanent; issue a new certificate if needed).";
        }
        if (certificate.Status == to)
        {
            return $"The certificate is already {to.ToString().ToLowerInvariant()}.";
        }
        var now = clock.GetUtcNow();
        db.CertificateStatusEvents.Add(new CertificateStatusEvent
        {
            CertificateId = certificate.Id, From = certificate.Status, To = to, Reason = reason.Trim(), ActorUserId = actorUserId, At = now,
        });
        certificate.Status = to;
        certificate.StatusChangedAt = now;
        certificate.StatusReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        return null;
    }
}
