using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

public sealed record ComplianceReport(
    IReadOnlyList<(string Id, string Title)> Courses, IReadOnlyList<CompliancePerson> People, int TotalPeople, int Page, int PageCount,
    IReadOnlyList<Rate> ByCourse, IReadOnlyList<Rate> ByTeam);
