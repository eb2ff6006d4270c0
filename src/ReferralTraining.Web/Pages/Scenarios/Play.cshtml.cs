using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Scenarios;
using ReferralTraining.Web.Features.Courses.Content.Scenarios;

namespace ReferralTraining.Web.Pages.Scenarios;

/// <summary>
/// The player: one node at a time, each choice a form post (no JavaScript needed); after a choice its feedback,
/// then Continue. State is the attempt row, so a reload, another device or days later resume the same step.
/// </summary>
[Authorize(Policy = Policies.Clinician)]
public sealed class PlayModel(ScenarioService scenarios) : PageModel
{
    public ScenarioAttempt Attempt { get; private set; } = default!;
    public string? Problem { get; private set; }

    public ScenarioNode Current => Attempt.Scenario.Node(Attempt.CurrentNodeId)!;

    /// <summary>The choice whose feedback is showing (the last step), when feedback is pending.</summary>
    public (ScenarioNode Node, ScenarioChoice Choice)? LastChoice
    {
        get
        {
            if (!Attempt.FeedbackPending || Attempt.Steps.Count == 0)
            {
                return null;
            }
            var step = Attempt.Steps[^1];
            var node = Attempt.Scenario.Node(step.NodeId)!;
            return (node, node.Choices.Single(c => c.Number == step.ChoiceNumber));
        }
    }

    public async Task<IActionResult> OnGetAsync(Guid attemptId, CancellationToken ct)
    {
        var attempt = await scenarios.FindAsync(User.UserId(), attemptId, ct);
        if (attempt is null)
        {
            return NotFound();
        }
        if (attempt.FinishedAt is not null && !attempt.FeedbackPending)
        {
            return Redirect($"/scenarios/attempts/{attemptId}/debrief");
        }
        Attempt = attempt;
        return Page();
    }

    public async Task<IActionResult> OnPostChooseAsync(Guid attemptId, string? nodeId, int? choice, CancellationToken ct)
    {
        var problem = await scenarios.ChooseAsync(User.UserId(), attemptId, nodeId, choice, ct);
        if (problem is null)
        {
            return Redirect($"/scenarios/attempts/{attemptId}#current");
        }
        var attempt = await scenarios.FindAsync(User.UserId(), attemptId, ct);
        if (attempt is null)
        {
            return NotFound();
        }
        Attempt = attempt;
        Problem = problem;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostContinueAsync(Guid attemptId, CancellationToken ct)
    {
        await scenarios.ContinueAsync(User.UserId(), attemptId, ct);
        var attempt = await scenarios.FindAsync(User.UserId(), attemptId, ct);
        return attempt?.FinishedAt is not null ? Redirect($"/scenarios/attempts/{attemptId}/debrief#current") : Redirect($"/scenarios/attempts/{attemptId}#current");
    }
}
