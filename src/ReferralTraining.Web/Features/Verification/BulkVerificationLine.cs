using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>One line of a bulk check, in the order it was sent.</summary>
public sealed record BulkVerificationLine(
    int Line, string Input, string Status, string? Code, string? HolderName, string? CourseTitle, string? CreditType,
    decimal? Credits, string? CreditUnit, DateTimeOffset? CompletedAt, DateTimeOffset? IssuedAt, DateTimeOffset? StatusChangedAt, string? StatusReason,
    CertificateDate? Completed = null);
