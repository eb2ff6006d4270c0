using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

public enum ComplianceStatus { NotStarted = 1, InProgress = 2, Completed = 3, Overdue = 4 }
