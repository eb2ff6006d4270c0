using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

public sealed record Rate(string Label, int Completed, int Assigned)
{
    public int Percent => Assigned == 0 ? 0 : (int)Math.Round(100.0 * Completed / Assigned);
}
