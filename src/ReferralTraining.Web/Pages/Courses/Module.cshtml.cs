using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Pages.Courses;

[Authorize(Policy = Policies.Clinician)]
// No UserManager here: the id is in the cookie's claims, and building a UserManager costs every view of the most-read page.
public sealed class ModuleModel(AppDbContext db, CourseService courses, PublishedModuleCache cache) : PageModel
{
    public sealed record View(string CourseId, string CourseTitle, int Number, int ModuleCount, string Title, string Html, IReadOnlyList<Reference> References, bool Read, int ReadCount);

    public View Module { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(string courseId, int number)
    {
        var userId = User.UserId();
        // One round trip for the enrolment and the modules read (the page's only per-person data).
        var enrollment = await EnrollmentWithProgress(db, userId, courseId);
        if (enrollment is null)
        {
            TempData["Status"] = "Enrol in the course to read its modules.";
            return Redirect($"/courses/{Uri.EscapeDataString(courseId)}");
        }
        var module = await cache.GetAsync(db, enrollment.CourseVersionId, number);
        if (module is null)
        {
            return NotFound();
        }
        var read = enrollment.Read;
        Module = new View(courseId, module.CourseTitle, number, module.ModuleCount, module.Title, module.Html, module.Cited, read.Contains(number), read.Count);
        return Page();
    }

    private sealed record EnrollmentProgress(Guid Id, Guid CourseVersionId, List<int> Read);

    private static readonly Func<AppDbContext, Guid, string, Task<EnrollmentProgress?>> EnrollmentWithProgress = EF.CompileAsyncQuery(
        (AppDbContext db, Guid userId, string courseId) => db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => new EnrollmentProgress(e.Id, e.CourseVersionId, db.ModuleProgress.Where(p => p.EnrollmentId == e.Id).Select(p => p.ModuleNumber).ToList()))
            .SingleOrDefault());

    public async Task<IActionResult> OnPostAsync(string courseId, int number)
    {
        var userId = User.UserId();
        var outcome = await courses.MarkModuleReadAsync(userId, courseId, number);
        return outcome switch
        {
            ProgressOutcome.NotEnrolled => Redirect($"/courses/{Uri.EscapeDataString(courseId)}"),
            ProgressOutcome.NoSuchModule => NotFound(),
            _ => await NextAsync(courseId, number),
        };
    }

    private async Task<IActionResult> NextAsync(string courseId, int number)
    {
        var userId = User.UserId();
        var count = await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => db.CourseModules.Count(m => m.CourseVersionId == e.CourseVersionId)).SingleAsync();
        if (number < count)
        {
            TempData["Status"] = $"Module {number} marked as read.";
            return Redirect($"/courses/{Uri.EscapeDataString(courseId)}/modules/{number + 1}");
        }
        TempData["Status"] = $"Module {number} marked as read.";
        return Redirect($"/courses/{Uri.EscapeDataString(courseId)}");
    }
}
