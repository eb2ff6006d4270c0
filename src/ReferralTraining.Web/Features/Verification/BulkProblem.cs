using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>Why a bulk upload was refused as a whole, and on which line (0 when it is about the whole file).</summary>
public sealed record BulkProblem(int Line, string Message, bool TooLarge = false);
