using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>What a board sees for a code: no more personal data than the certificate itself shows.</summary>
public sealed record VerificationResult(
    string Status, string? Code, string? HolderName, IReadOnlyList<LicenseLine>? Licenses, string? CourseTitle, string? CourseVersion,
    string? ContentHash, string? CreditType, decimal? Credits, string? CreditUnit, DateTimeOffset? CompletedAt, DateTimeOffset? IssuedAt,
    DateTimeOffset? StatusChangedAt, string? StatusReason, string? Provider);

public sealed class VerificationService(AppDbContext db)
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
    public const string Suspended = "suspended";
    public const string Unknown = "unknown";
    public const string Malformed = "malformed";

    public async Task<VerificationResult> VerifyAsync(string? input)
    {
        var code = VerificationCode.Normalize(input);
        if (code is null)
        {
            return Empty(Malformed);
        }
        var certificate = await ByCode(db, code);
        return certificate is null ? Empty(Unknown) with { Code = code } : From(certificate);
    }

    /// <summary>Many codes with one query; results in input order.</summary>
    public async Task<IReadOnlyList<VerificationResult>> VerifyManyAsync(IReadOnlyList<string?> inputs)
    {
        var codes = inputs.Select(VerificationCode.Normalize).ToList();
        var wanted = codes.OfType<string>().Distinct().ToList();
        var found = await db.Certificates.AsNoTracking().Where(c => wanted.Contains(c.VerificationCode)).ToDictionaryAsync(c => c.VerificationCode);
        return codes.Select(code => code is null ? Empty(Malformed)
            : found.TryGetValue(code, out var certificate) ? From(certificate) : Empty(Unknown) with { Code = code }).ToList();
    }

    // The public API's hot path: compiled once, and only the columns the answer shows (not the signed VC-JWT).
    private static readonly Func<AppDbContext, string, Task<Certificate?>> ByCode = EF.CompileAsyncQuery((AppDbContext db, string code) =>
        db.Certificates.AsNoTracking().Where(c => c.VerificationCode == code)
            .Select(c => new Certificate { VerificationCode = c.VerificationCode, Status = c.Status, StatusChangedAt = c.StatusChangedAt, StatusReason = c.StatusReason, Document = c.Document })
            .SingleOrDefault());

    private static VerificationResult From(Certificate certificate)
    {
        var code = certificate.VerificationCode;
        var d = certificate.Document;
        var status = certificate.Status switch
        {
            CertificateStatus.Revoked => Revoked,
            CertificateStatus.Suspended => Suspended,
            _ => Valid,
        };
        return new VerificationResult(status, code, d.HolderName, d.Licenses, d.CourseTitle, d.CourseVersion, d.ContentHash,
            d.CreditTypeName, d.Credits, d.CreditUnit, d.ActivityEnd, d.IssuedAt,
            certificate.StatusChangedAt, certificate.Status == CertificateStatus.Active ? null : certificate.StatusReason, d.ProviderName);
    }

    private static VerificationResult Empty(string status) =>
        new(status, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
