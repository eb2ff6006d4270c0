using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Pages.Courses;

[Authorize(Policy = Policies.Clinician)]
// No UserManager here: the id is in the cookie's claims, and building a UserManager costs every view of the most-read page.
public sealed class ModuleModel(AppDbContext db, CourseService courses, PublishedModuleCache cache, IOptions<ReadingTimeOptions> readingTime) : PageModel
{
    public sealed record View(string CourseId, string CourseTitle, int Number, int ModuleCount, string Title, string Html, IReadOnlyList<Reference> References, bool Read, int ReadCount,
        ModuleReadingTime Time);

    public View Module { get; private set; } = default!;

    /// <summary>Seconds between the page script's heartbeats (the script reads it from the page).</summary>
    public int HeartbeatSeconds => readingTime.Value.HeartbeatSeconds;

    /// <summary>Share of the estimated reading time required, as a percentage for the page's explanation.</summary>
    public int MinimumPercent => (int)Math.Round(readingTime.Value.MinimumShare * 100);

    public async Task<IActionResult> OnGetAsync(string courseId, int number, CancellationToken ct)
    {
        // One round trip: the enrollment, the modules read, the acknowledgment, and this view's clock started.
        var visit = await courses.OpenModuleAsync(User.UserId(), courseId, number, ct);
        if (visit is null)
        {
            TempData["Status"] = "Enroll in the course to read its modules.";
            return Redirect($"/courses/{Uri.EscapeDataString(courseId)}");
        }
        if (!visit.Acknowledged)
        {
            // Disclosure to learners comes before the learning (ACCME Standard 3): no module until it is acknowledged.
            TempData["Status"] = "Before module 1, read the disclosures of financial relationships and confirm that you have read them.";
            return Redirect($"/courses/{Uri.EscapeDataString(courseId)}#disclosures");
        }
        var module = await cache.GetAsync(db, visit.CourseVersionId, number, ct);
        if (module is null || visit.EngagedSeconds is not { } engaged)
        {
            return NotFound();
        }
        Show(courseId, number, module, visit.Read, engaged);
        return Page();
    }

    private void Show(string courseId, int number, PublishedModule module, IReadOnlyCollection<int> read, int engaged) =>
        Module = new View(courseId, module.CourseTitle, number, module.ModuleCount, module.Title, module.Html, module.Cited, read.Contains(number), read.Count,
            courses.Time(engaged, module.WordCount));

    private sealed record EnrollmentProgress(Guid Id, Guid CourseVersionId, List<int> Read, bool Acknowledged);

    private static readonly Func<AppDbContext, Guid, string, Task<EnrollmentProgress?>> EnrollmentWithProgress = EF.CompileAsyncQuery(
        (AppDbContext db, Guid userId, string courseId) => db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => new EnrollmentProgress(e.Id, e.CourseVersionId, db.ModuleProgress.Where(p => p.EnrollmentId == e.Id).Select(p => p.ModuleNumber).ToList(),
                db.Set<DisclosureAcknowledgment>().Any(a => a.UserId == userId && a.CourseVersionId == e.CourseVersionId)))
            .SingleOrDefault());

    public async Task<IActionResult> OnPostAsync(string courseId, int number, CancellationToken ct)
    {
        var userId = User.UserId();
        var outcome = await courses.MarkModuleReadAsync(userId, courseId, number, ct);
        return outcome switch
        {
            ProgressOutcome.NotEnrolled => Redirect($"/courses/{Uri.EscapeDataString(courseId)}"),
            ProgressOutcome.NoSuchModule => NotFound(),
            ProgressOutcome.TooSoon => await TooSoonAsync(courseId, number, ct),
            _ => await NextAsync(courseId, number, ct),
        };
    }

    /// <summary>
    /// The page's script reports, every few seconds, that the module is open and whether it is visible. It sends no
    /// time: the server credits the real seconds since the previous report, capped. Antiforgery applies as to any post.
    /// </summary>
    public async Task<IActionResult> OnPostHeartbeatAsync(string courseId, int number, bool visible, CancellationToken ct)
    {
        var recorded = await courses.HeartbeatAsync(User.UserId(), courseId, number, visible, ct);
        return recorded ? new NoContentResult() : NotFound();
    }

    /// <summary>Shows the module again with how much longer it needs (the page, not a redirect, so the message is an alert).</summary>
    private async Task<IActionResult> TooSoonAsync(string courseId, int number, CancellationToken ct)
    {
        var enrollment = await EnrollmentWithProgress(db, User.UserId(), courseId);
        var module = await cache.GetAsync(db, enrollment!.CourseVersionId, number, ct);
        var time = await courses.ReadingTimeAsync(User.UserId(), courseId, number, ct);
        Show(courseId, number, module!, enrollment.Read, time!.EngagedSeconds);
        ModelState.AddModelError("", TooSoonMessage(Module.Time, MinimumPercent));
        return Page();
    }

    public static string TooSoonMessage(ModuleReadingTime time, int minimumPercent) =>
        $"This module cannot be marked as read yet: {ModuleReadingTime.Format(time.EngagedSeconds)} of reading is recorded, and it needs at least "
        + $"{ModuleReadingTime.Format(time.RequiredSeconds)} ({minimumPercent}% of its estimated {ModuleReadingTime.Format(time.EstimatedSeconds)}). "
        + $"Please keep reading for about {ModuleReadingTime.Format(time.SecondsStillNeeded)} more, then mark it as read again.";

    private async Task<IActionResult> NextAsync(string courseId, int number, CancellationToken ct)
    {
        var userId = User.UserId();
        var count = await db.Enrollments.Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => db.CourseModules.Count(m => m.CourseVersionId == e.CourseVersionId)).SingleAsync(ct);
        if (number < count)
        {
            TempData["Status"] = $"Module {number} marked as read.";
            return Redirect($"/courses/{Uri.EscapeDataString(courseId)}/modules/{number + 1}");
        }
        TempData["Status"] = $"Module {number} marked as read.";
        return Redirect($"/courses/{Uri.EscapeDataString(courseId)}");
    }
}
