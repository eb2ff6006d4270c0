using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

public sealed record ComplianceFilter(Guid? TeamId = null, Guid? JobRoleId = null, string? CourseId = null, ComplianceStatus? Status = null, int Page = 1, int PageSize = 50);
