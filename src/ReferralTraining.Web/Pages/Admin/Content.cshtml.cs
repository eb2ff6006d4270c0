using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention in Program.cs): published versions and the latest content errors.</summary>
public sealed class ContentModel(AppDbContext db) : PageModel
{
    public sealed record VersionRow(string CourseId, string Title, string Version, string Hash, DateTimeOffset PublishedAt, bool Current, int Enrollments);

    public sealed record IssueRow(string File, int Line, string Message);

    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];
    public IReadOnlyList<IssueRow> Issues { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Versions = await db.CourseVersions.AsNoTracking()
            .OrderBy(v => v.CourseId).ThenByDescending(v => v.PublishedAt)
            .Select(v => new VersionRow(v.CourseId, v.Title, v.Version, v.ContentHash, v.PublishedAt,
                db.Courses.Any(c => c.CurrentVersionId == v.Id), db.Enrollments.Count(e => e.CourseVersionId == v.Id)))
            .ToListAsync(ct);
        Issues = await db.ContentIssues.AsNoTracking().OrderBy(i => i.File).ThenBy(i => i.Line)
            .Select(i => new IssueRow(i.File, i.Line, i.Message)).ToListAsync(ct);
    }
}
