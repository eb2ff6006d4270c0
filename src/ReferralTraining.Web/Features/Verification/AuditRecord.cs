using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>One certificate in a license audit.</summary>
public sealed record AuditRecord(
    string Code, string Status, string CourseTitle, string CourseVersion, string CreditType, decimal Credits, string CreditUnit,
    DateTimeOffset CompletedAt, DateTimeOffset IssuedAt, DateTimeOffset? StatusChangedAt, string? StatusReason, CertificateDate Completed);
