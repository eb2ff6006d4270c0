using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Scorm;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>Director: SCORM packages of any course for the organization's LMS, the LMS origins, and the package keys.</summary>
public sealed class LmsModel(AppDbContext db, ScormService scorm, PublicLinks links) : PageModel
{
    public sealed record CourseRow(string Id, string Title);

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty] public string? Origins { get; set; }
    [BindProperty] public Guid KeyId { get; set; }
    [BindProperty] public string? CourseId { get; set; }
    [BindProperty] public string? Version { get; set; }

    public string OrganizationName { get; private set; } = "";
    public IReadOnlyList<CourseRow> Courses { get; private set; } = [];
    public IReadOnlyList<ScormPackageKey> Keys { get; private set; } = [];
    public IReadOnlyList<string> SavedOrigins { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOriginsAsync(CancellationToken ct)
    {
        var problems = await scorm.SetOriginsAsync(OrgId, Origins, ct);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                ModelState.AddModelError(nameof(Origins), problem);
            }
            await LoadAsync(ct);
            return Page();
        }
        TempData["Status"] = "LMS origins saved.";
        return Redirect($"/organizations/{OrgId}/lms");
    }

    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken ct)
    {
        var version = ScormLaunchSigner.ParseVersion(Version);
        var title = await db.CourseVersions.Where(v => db.Courses.Any(c => c.Id == CourseId && c.CurrentVersionId == v.Id)).Select(v => v.Title).SingleOrDefaultAsync(ct);
        if (version is null || title is null)
        {
            ModelState.AddModelError(nameof(CourseId), "Choose a course and a SCORM edition (1.2 or 2004).");
            await LoadAsync(ct);
            return Page();
        }
        var name = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        var (keyId, secret) = await scorm.CurrentKeyAsync(OrgId, ct);
        var spec = new PackageSpec(CourseId!, title, version.Value, links.Origin, name, keyId, secret);
        return File(ScormPackageBuilder.Build(spec), "application/zip", ScormPackageBuilder.FileName(spec));
    }

    public async Task<IActionResult> OnPostNewKeyAsync(CancellationToken ct)
    {
        await scorm.CreateKeyAsync(OrgId, ct);
        TempData["Status"] = "A new package key was created. Packages downloaded from now on carry it.";
        return Redirect($"/organizations/{OrgId}/lms");
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (await scorm.RevokeKeyAsync(OrgId, KeyId, ct))
        {
            TempData["Status"] = "The key was revoked: packages that carry it can no longer launch.";
        }
        return Redirect($"/organizations/{OrgId}/lms");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        Courses = await db.Courses.Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title })
            .OrderBy(c => c.Title).Select(c => new CourseRow(c.Id, c.Title)).ToListAsync(ct);
        Keys = await db.Set<ScormPackageKey>().AsNoTracking().Where(k => k.OrganizationId == OrgId).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        SavedOrigins = await scorm.OriginsAsync(OrgId, ct);
        Origins ??= string.Join('\n', SavedOrigins);
    }
}
