using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Features.Organizations;

public sealed record ComplianceReport(
    IReadOnlyList<(string Id, string Title)> Courses, IReadOnlyList<CompliancePerson> People, int TotalPeople, int Page, int PageCount,
    IReadOnlyList<Rate> ByCourse, IReadOnlyList<Rate> ByTeam)
{
    /// <summary>Person-course assignments by status for each course (all filtered people, not only this page).</summary>
    public IReadOnlyList<StatusCounts> StatusByCourse { get; init; } = [];

    /// <summary>Person-course assignments by status for each team.</summary>
    public IReadOnlyList<StatusCounts> StatusByTeam { get; init; } = [];

    /// <summary>Completions that satisfy an assignment, by month of completion ("2026-11"), oldest first, gaps filled.</summary>
    public IReadOnlyList<(string Month, int Count)> CompletionsByMonth { get; init; } = [];
}
