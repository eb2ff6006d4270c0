using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>Director: people × assigned courses with status, filters, completion rates and the same view as CSV.</summary>
public sealed class ComplianceModel(AppDbContext db, ComplianceService compliance) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Team { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Role { get; set; }
    [BindProperty(SupportsGet = true)] public string? Course { get; set; }
    [BindProperty(SupportsGet = true)] public ComplianceStatus? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public string OrganizationName { get; private set; } = "";
    public ComplianceReport Report { get; private set; } = default!;
    public IReadOnlyList<Team> Teams { get; private set; } = [];
    public IReadOnlyList<JobRole> JobRoles { get; private set; } = [];
    public IReadOnlyList<(string Id, string Title)> AllCourses { get; private set; } = [];

    private ComplianceFilter Filter => new(Team, Role, string.IsNullOrWhiteSpace(Course) ? null : Course, Status, PageNumber);

    public async Task OnGetAsync(CancellationToken ct)
    {
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        Teams = await db.Set<Team>().AsNoTracking().Where(t => t.OrganizationId == OrgId).OrderBy(t => t.Name).ToListAsync(ct);
        JobRoles = await db.Set<JobRole>().AsNoTracking().Where(t => t.OrganizationId == OrgId).OrderBy(t => t.Name).ToListAsync(ct);
        var assigned = db.Set<Assignment>().Where(a => a.OrganizationId == OrgId).Select(a => a.CourseId);
        AllCourses = (await db.Courses.AsNoTracking().Where(c => assigned.Contains(c.Id))
            .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title }).OrderBy(x => x.Title).ToListAsync(ct))
            .Select(x => (x.Id, x.Title)).ToList();
        Report = await compliance.ReportAsync(OrgId, Filter, false, ct);
    }

    /// <summary>The same filters as the screen, all pages: one line per person shown, one column per course shown.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var report = await compliance.ReportAsync(OrgId, Filter, allPages: true, ct);
        var bytes = Infrastructure.Web.Csv.Utf8WithBom(ComplianceService.ToCsv(report));
        return File(bytes, "text/csv; charset=utf-8", "compliance.csv");
    }

    public string Query(int? page = null, string? handler = null)
    {
        var parts = new List<string>();
        if (handler is not null) { parts.Add($"handler={handler}"); }
        if (Team is not null) { parts.Add($"team={Team}"); }
        if (Role is not null) { parts.Add($"role={Role}"); }
        if (!string.IsNullOrWhiteSpace(Course)) { parts.Add($"course={Uri.EscapeDataString(Course)}"); }
        if (Status is not null) { parts.Add($"status={Status}"); }
        if (page is not null) { parts.Add($"page={page}"); }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
