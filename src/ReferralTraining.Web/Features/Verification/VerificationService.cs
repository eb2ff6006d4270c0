using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Web.Features.Verification;

/// <remarks>A singleton: the single lookup needs no DbContext (see <see cref="VerificationReads"/>).</remarks>
public sealed class VerificationService(VerificationReads reads)
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
    public const string Suspended = "suspended";
    public const string Unknown = "unknown";
    public const string Malformed = "malformed";

    public async Task<VerificationResult> VerifyAsync(string? input, CancellationToken ct)
    {
        var code = VerificationCode.Normalize(input);
        if (code is null)
        {
            return Empty(Malformed);
        }
        return await reads.ByCodeAsync(code, ct) ?? Empty(Unknown) with { Code = code };
    }

    /// <summary>Many codes with one query; results in input order.</summary>
    public static async Task<IReadOnlyList<VerificationResult>> VerifyManyAsync(AppDbContext db, IReadOnlyList<string?> inputs, CancellationToken ct)
    {
        var codes = inputs.Select(VerificationCode.Normalize).ToList();
        var wanted = codes.OfType<string>().Distinct().ToList();
        var found = await db.Certificates.AsNoTracking().Where(c => wanted.Contains(c.VerificationCode)).ToDictionaryAsync(c => c.VerificationCode, ct);
        return codes.Select(code => code is null ? Empty(Malformed)
            : found.TryGetValue(code, out var certificate) ? From(certificate) : Empty(Unknown) with { Code = code }).ToList();
    }

    private static VerificationResult From(Certificate certificate)
    {
        var code = certificate.VerificationCode;
        var d = certificate.Document;
        return new VerificationResult(StatusName(certificate.Status), code, d.HolderName, d.Licenses, d.CourseTitle, d.CourseVersion, d.ContentHash,
            d.CreditTypeName, d.Credits, d.CreditUnit, d.ActivityEnd, d.IssuedAt,
            certificate.StatusChangedAt, StatusReasons.Public(certificate.Status, certificate.StatusReason), d.ProviderName, CertificateDates.Completed(d));
    }

    public static string StatusName(CertificateStatus status) => status switch
    {
        CertificateStatus.Revoked => Revoked,
        CertificateStatus.Suspended => Suspended,
        _ => Valid,
    };

    private static VerificationResult Empty(string status) =>
        new(status, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
