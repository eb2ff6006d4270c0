using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Pages.Courses;

public sealed class DetailsModel(AppDbContext db, CourseService courses, ReferralTraining.Web.Features.Scenarios.ScenarioService scenarioService) : PageModel
{
    public sealed record ModuleRow(int Number, string Title, int WordCount, bool Read);

    public sealed record View(
        string CourseId, string Title, string Version, string Summary, string Audience, int EstimatedMinutes, string OverviewHtml,
        IReadOnlyList<Objective> Objectives, IReadOnlyList<Reference> References, IReadOnlyList<FacultyMember> Faculty,
        DateOnly? ReleaseDate, DateOnly? ReviewDate, DateOnly? ExpiryDate, IReadOnlyList<ModuleRow> Modules,
        ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizSettings? Quiz);

    public View Course { get; private set; } = default!;
    public bool Enrolled { get; private set; }
    public bool ReadingComplete { get; private set; }
    public int ReadCount { get; private set; }
    public int NextModule { get; private set; } = 1;
    public IReadOnlyList<ReferralTraining.Web.Features.Scenarios.ScenarioSummary> Scenarios { get; private set; } = [];
    /// <summary>When this learner acknowledged the disclosures of the version shown (null: not yet, or not enrolled).</summary>
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string courseId, CancellationToken ct)
    {
        var userId = CurrentUserId();
        var enrollment = userId is null ? null : await db.Enrollments.AsNoTracking()
            .Where(e => e.UserId == userId && e.CourseId == courseId)
            .Select(e => new { e.CourseVersionId, e.ReadingCompletedAt, Read = e.Progress.Select(p => p.ModuleNumber).ToList() })
            .SingleOrDefaultAsync(ct);
        // Enrolled learners see the version they enrolled in; everyone else sees the current one.
        var versionId = enrollment?.CourseVersionId
            ?? await db.Courses.Where(c => c.Id == courseId).Select(c => (Guid?)c.CurrentVersionId).SingleOrDefaultAsync(ct);
        if (versionId is null)
        {
            return NotFound();
        }
        var read = enrollment?.Read ?? [];
        var version = await db.CourseVersions.AsNoTracking().Where(v => v.Id == versionId).SingleAsync(ct);
        var modules = await db.CourseModules.AsNoTracking().Where(m => m.CourseVersionId == versionId).OrderBy(m => m.Number)
            .Select(m => new { m.Number, m.Title, m.WordCount }).ToListAsync(ct);
        Course = new View(version.CourseId, version.Title, version.Version, version.Summary, version.Audience, version.EstimatedMinutes, version.OverviewHtml,
            version.Objectives, version.References, version.Faculty, version.ReleaseDate, version.ReviewDate, version.ExpiryDate,
            modules.Select(m => new ModuleRow(m.Number, m.Title, m.WordCount, read.Contains(m.Number))).ToList(), version.Quiz?.Settings);
        Enrolled = enrollment is not null;
        // Enrolled: each scenario with this person's best score; otherwise the published list alone.
        Scenarios = Enrolled ? await scenarioService.ListAsync(userId!.Value, courseId, ct)
            : version.Scenarios.Select(s => new ReferralTraining.Web.Features.Scenarios.ScenarioSummary(s.Id, s.Title, s.Summary, s.EstimatedMinutes,
                version.ScenarioRequirement?.Required.Contains(s.Id) == true, version.ScenarioRequirement?.MinFidelity, 0, null, null)).ToList();
        AcknowledgedAt = Enrolled ? await courses.DisclosuresAcknowledgedAtAsync(userId!.Value, versionId.Value, ct) : null;
        ReadingComplete = enrollment?.ReadingCompletedAt is not null;
        ReadCount = read.Count;
        NextModule = Course.Modules.FirstOrDefault(m => !m.Read)?.Number ?? 1;
        return Page();
    }

    public async Task<IActionResult> OnPostEnrollAsync(string courseId, CancellationToken ct)
    {
        var userId = CurrentUserId();
        if (userId is null)
        {
            return Challenge();
        }
        if (!User.IsInRole(Roles.Clinician))
        {
            return Forbid();
        }
        var enrollment = await courses.EnrollAsync(userId.Value, courseId, ct);
        if (enrollment is null)
        {
            return NotFound();
        }
        // The disclosures come before module 1: the course page shows them with the button that acknowledges them.
        return Redirect($"/courses/{Uri.EscapeDataString(courseId)}#disclosures");
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(string courseId, CancellationToken ct)
    {
        var userId = CurrentUserId();
        if (userId is null)
        {
            return Challenge();
        }
        if (!await courses.AcknowledgeDisclosuresAsync(userId.Value, courseId, ct))
        {
            TempData["Status"] = "Enroll in the course first.";
            return Redirect($"/courses/{Uri.EscapeDataString(courseId)}");
        }
        return Redirect($"/courses/{Uri.EscapeDataString(courseId)}/modules/1");
    }

    private Guid? CurrentUserId() => User.TryGetUserId();
}
