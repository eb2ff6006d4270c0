using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Scenarios;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Pages.Scenarios;

/// <summary>
/// The debrief of a finished attempt, read from its own snapshot: the ending, the path taken, each assessed item
/// met / missed / not shown with its teaching point, the score, and the previous attempt's path beside it.
/// </summary>
[Authorize(Policy = Policies.Clinician)]
public sealed class DebriefModel(ScenarioService scenarios) : PageModel
{
    public ScenarioAttempt Attempt { get; private set; } = default!;
    public ScenarioAttempt? Previous { get; private set; }

    public sealed record PathRow(int Step, string NodeHtml, string ChoiceHtml, string FeedbackHtml, IReadOnlyList<string> Meets, IReadOnlyList<string> Misses);

    public async Task<IActionResult> OnGetAsync(Guid attemptId, CancellationToken ct)
    {
        var userId = User.UserId();
        var attempt = await scenarios.FindAsync(userId, attemptId, ct);
        if (attempt is null)
        {
            return NotFound();
        }
        if (attempt.FinishedAt is null)
        {
            return Redirect($"/scenarios/attempts/{attemptId}#current");
        }
        Attempt = attempt;
        Previous = (await scenarios.FinishedAsync(userId, attempt.ScenarioId, ct)).FirstOrDefault(a => a.Number < attempt.Number);
        return Page();
    }

    public static IReadOnlyList<PathRow> Path(ScenarioAttempt attempt) =>
        attempt.Steps.Select((step, i) =>
        {
            var node = attempt.Scenario.Node(step.NodeId)!;
            var choice = node.Choices.Single(c => c.Number == step.ChoiceNumber);
            return new PathRow(i + 1, node.Html, choice.Html, choice.FeedbackHtml, choice.Meets, choice.Misses);
        }).ToList();

    public static string Describe(ScenarioAssessedItem item, ScenarioItemOutcome outcome) => (item.Kind, outcome) switch
    {
        (ChecklistItemKind.Inconsistent, ScenarioItemOutcome.Met) => "Avoided",
        (ChecklistItemKind.Inconsistent, ScenarioItemOutcome.Missed) => "Happened",
        (_, ScenarioItemOutcome.Met) => "Met",
        (_, ScenarioItemOutcome.Missed) => "Missed",
        _ => "Not shown",
    };
}
