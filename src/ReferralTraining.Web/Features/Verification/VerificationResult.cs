using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>What a board sees for a code: no more personal data than the certificate itself shows.</summary>
public sealed record VerificationResult(
    string Status, string? Code, string? HolderName, IReadOnlyList<LicenseLine>? Licenses, string? CourseTitle, string? CourseVersion,
    string? ContentHash, string? CreditType, decimal? Credits, string? CreditUnit, DateTimeOffset? CompletedAt, DateTimeOffset? IssuedAt,
    DateTimeOffset? StatusChangedAt, string? StatusReason, string? Provider, CertificateDate? Completed = null);
// Completed: the completion date in the certificate's own zone (ADR-018); CompletedAt stays the UTC instant.
