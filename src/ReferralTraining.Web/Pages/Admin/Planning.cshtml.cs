using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>
/// Admin only (folder convention): the planning record of a course version (issue 22 item 3): practice gap, needs
/// sources, desired changes by Moore level, and the objective map derived from the version's content.
/// </summary>
public sealed class PlanningModel(AppDbContext db) : PageModel
{
    public sealed record CourseChoice(string CourseId, string Title);

    public IReadOnlyList<CourseChoice> Courses { get; private set; } = [];

    /// <summary>The version shown: the current version of the chosen course (or of the first course).</summary>
    public CourseVersion? Version { get; private set; }

    public async Task OnGetAsync(string? course, CancellationToken ct)
    {
        var current = await db.Courses.AsNoTracking()
            .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title, VersionId = v.Id })
            .ToListAsync(ct);
        Courses = current.OrderBy(c => c.Title, StringComparer.Ordinal).Select(c => new CourseChoice(c.Id, c.Title)).ToList();
        var chosen = current.FirstOrDefault(c => c.Id == course) ?? (course is null ? current.OrderBy(c => c.Title, StringComparer.Ordinal).FirstOrDefault() : null);
        if (chosen is not null)
        {
            Version = await db.CourseVersions.AsNoTracking().SingleAsync(v => v.Id == chosen.VersionId, ct);
        }
    }
}
