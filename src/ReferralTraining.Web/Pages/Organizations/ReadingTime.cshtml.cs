using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>Director (folder filter checks {orgId}): recorded reading time per member and module of one course.</summary>
public sealed class ReadingTimeModel(AppDbContext db, ReadingTimeReport report) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Course { get; set; }

    public string OrganizationName { get; private set; } = "";
    public IReadOnlyList<(string Id, string Title)> AllCourses { get; private set; } = [];
    public ReadingTimeTable? Table { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        AllCourses = await CourseChoices.AllAsync(db, ct);
        Course = AllCourses.Any(c => c.Id == Course) ? Course : AllCourses.FirstOrDefault().Id;
        if (Course is not null)
        {
            var members = db.Set<OrganizationMember>().Where(m => m.OrganizationId == OrgId).Select(m => m.UserId);
            Table = await report.ForCourseAsync(Course, members, ct);
        }
    }
}

/// <summary>The published courses by title, for the reading-time reports' course choice.</summary>
public static class CourseChoices
{
    public static async Task<IReadOnlyList<(string Id, string Title)>> AllAsync(AppDbContext db, CancellationToken ct) =>
        (await db.Courses.AsNoTracking().Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title })
            .OrderBy(x => x.Title).ToListAsync(ct)).Select(x => (x.Id, x.Title)).ToList();
}
