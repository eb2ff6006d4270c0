using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Scenarios;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Pages.Scenarios;

/// <summary>A scenario's introduction: the patient, what it scores, start or resume, and earlier attempts.</summary>
[Authorize(Policy = Policies.Clinician)]
public sealed class IndexModel(AppDbContext db, ScenarioService scenarios) : PageModel
{
    public string CourseId { get; private set; } = "";
    public string CourseTitle { get; private set; } = "";
    public ScenarioDefinition Scenario { get; private set; } = default!;
    public ScenarioSummary Summary { get; private set; } = default!;
    public IReadOnlyList<ScenarioAttempt> Finished { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string courseId, string scenarioId, CancellationToken ct)
    {
        var userId = User.UserId();
        var scenario = await scenarios.FindScenarioAsync(userId, courseId, scenarioId, ct);
        if (scenario is null)
        {
            return NotFound();
        }
        CourseId = courseId;
        Scenario = scenario;
        CourseTitle = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId && e.CourseId == courseId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => v.Title).SingleAsync(ct);
        Summary = (await scenarios.ListAsync(userId, courseId, ct)).Single(s => s.Id == scenarioId);
        Finished = await scenarios.FinishedAsync(userId, scenarioId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(string courseId, string scenarioId, CancellationToken ct)
    {
        var attempt = await scenarios.StartAsync(User.UserId(), courseId, scenarioId, ct);
        return attempt is null ? NotFound() : Redirect($"/scenarios/attempts/{attempt.Id}#current");
    }
}
