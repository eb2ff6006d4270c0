using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Pages.Courses;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record CourseCard(string Id, string Title, string Summary, int EstimatedMinutes, int ModuleCount, string Version);

    public IReadOnlyList<CourseCard> Courses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Courses = await db.Courses.AsNoTracking()
            .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => v)
            .OrderBy(v => v.Title)
            .Select(v => new CourseCard(v.CourseId, v.Title, v.Summary, v.EstimatedMinutes, v.Modules.Count, v.Version))
            .ToListAsync(ct);
    }
}
