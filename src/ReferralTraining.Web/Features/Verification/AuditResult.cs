using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Verification;

public sealed record AuditResult(string HolderName, string Authority, string Number, DateOnly From, DateOnly To, IReadOnlyList<AuditRecord> Records);
