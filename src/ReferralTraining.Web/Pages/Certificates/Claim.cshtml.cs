using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages.Certificates;

[Authorize(Policy = Policies.Clinician)]
public sealed class ClaimModel(CreditService credits, PracticeChangeService practiceChange, CommitmentPlanner planner) : PageModel
{
    public string CourseId { get; private set; } = "";
    public ClaimStatus Status { get; private set; } = default!;
    public IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.PracticeDefinition> Practices { get; private set; } = [];
    public IReadOnlyList<int> FollowUpDays { get; private set; } = [];
    public PracticeIncentive? Incentive { get; private set; }
    /// <summary>Checklist items this person missed in the course's practice scenarios, offered as commitments.</summary>
    public IReadOnlyList<CommitmentSuggestion> Suggestions { get; private set; } = [];
    /// <summary>The objectives of the enrolled version: the evaluation asks whether each was met.</summary>
    public IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.Objective> Objectives { get; private set; } = [];
    /// <summary>Set when more suggestions were chosen than commitments fit.</summary>
    public string? SuggestionNote { get; private set; }

    [BindProperty] public EvaluationForm Evaluation { get; set; } = new();
    [BindProperty] public ClaimForm Claim { get; set; } = new();

    public sealed class EvaluationForm
    {
        [Display(Name = "How relevant was this course to your practice?")] public int? Relevance { get; set; }
        [Display(Name = "Was the content balanced and free of commercial bias?")] public bool? FreeOfBias { get; set; }
        [Display(Name = "How well were the learning objectives met?")] public int? ObjectivesMet { get; set; }
        [Display(Name = "Comments (optional)")] public string? Comment { get; set; }
        /// <summary>Objective id → Yes, Partly or No.</summary>
        public Dictionary<string, string?> ObjectivesMetEach { get; set; } = [];
        [Display(Name = "Do you intend to change your practice as a result of this course?")] public string? Intent { get; set; }
        [Display(Name = "What will you change? (optional)")] public string? IntendedChange { get; set; }
        public List<CommitmentForm> Commitments { get; set; } = [new(), new(), new()];
    }

    public sealed class CommitmentForm
    {
        public string? PracticeId { get; set; }
        public string? Text { get; set; }
        public int? ExpectedPatients { get; set; }
        public int? Confidence { get; set; }
        public string? ChecklistItem { get; set; }
    }

    public sealed class ClaimForm
    {
        [Display(Name = "Type of credit")] public string? CreditTypeId { get; set; }
        [Display(Name = "Amount you are claiming")] public decimal? Amount { get; set; }
        public bool Attested { get; set; }
    }

    /// <param name="suggest">Checklist items chosen from the suggestions (a GET form, so it works without JavaScript): each starts a commitment.</param>
    public async Task<IActionResult> OnGetAsync(string courseId, string[]? suggest, CancellationToken ct)
    {
        await LoadAsync(courseId, ct);
        if (!Status.Enrolled)
        {
            return NotFound();
        }
        // Only this person's own suggestions can be chosen; anything else in the query is ignored.
        var chosen = Suggestions.Where(s => suggest?.Contains(s.Key, StringComparer.Ordinal) == true).ToList();
        if (chosen.Count > CommitmentPlanner.MaxCommitments)
        {
            SuggestionNote = $"You chose {chosen.Count} items; the first {CommitmentPlanner.MaxCommitments} start your commitments, since a few specific changes are more likely to happen.";
        }
        foreach (var (s, i) in chosen.Take(CommitmentPlanner.MaxCommitments).Select((s, i) => (s, i)))
        {
            Evaluation.Commitments[i] = new CommitmentForm { PracticeId = s.PracticeId, Text = s.Text, ChecklistItem = s.Key };
        }
        Claim.CreditTypeId = Status.Eligible.FirstOrDefault()?.TypeId;
        Claim.Amount = Status.Eligible.FirstOrDefault()?.Maximum;
        return Page();
    }

    public async Task<IActionResult> OnPostEvaluateAsync(string courseId, CancellationToken ct)
    {
        var errors = await credits.SubmitEvaluationAsync(UserId, courseId,
            new EvaluationInput(Evaluation.Relevance, Evaluation.FreeOfBias, Evaluation.ObjectivesMet, Evaluation.Comment,
                Evaluation.Commitments.Take(CommitmentPlanner.MaxCommitments + 1).Select(c => new CommitmentInput(c.PracticeId, c.Text, c.ExpectedPatients, c.Confidence, c.ChecklistItem)).ToList(),
                // An answer that is not exactly one of the names is no answer: the service then asks for it.
                Evaluation.ObjectivesMetEach.Where(a => Enum.GetNames<ObjectiveMet>().Contains(a.Value)).ToDictionary(a => a.Key, a => Enum.Parse<ObjectiveMet>(a.Value!)),
                Enum.GetNames<IntentToChange>().Contains(Evaluation.Intent) ? Enum.Parse<IntentToChange>(Evaluation.Intent!) : null,
                Evaluation.IntendedChange), ct);
        if (errors.Count > 0)
        {
            ModelState.Clear();
            foreach (var e in errors)
            {
                ModelState.AddModelError(e.Field.Length == 0 ? "" : $"Evaluation.{e.Field}", e.Message);
            }
            await LoadAsync(courseId, ct);
            return Page();
        }
        while (Evaluation.Commitments.Count < CommitmentPlanner.MaxCommitments)
        {
            Evaluation.Commitments.Add(new());
        }
        TempData["Status"] = "Thank you: your evaluation and commitments are saved. We will check in with you about them.";
        return Redirect($"/certificates/claim/{Uri.EscapeDataString(courseId)}");
    }

    public async Task<IActionResult> OnPostClaimAsync(string courseId, CancellationToken ct)
    {
        ModelState.Clear(); // the service is the one place these rules live
        var (claimId, errors) = await credits.ClaimAsync(UserId, courseId, Claim.CreditTypeId, Claim.Amount, Claim.Attested, ct);
        if (claimId is null)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError(e.Field.Length == 0 ? "" : $"Claim.{e.Field}", e.Message);
            }
            await LoadAsync(courseId, ct);
            return Page();
        }
        TempData["Status"] = "Your claim is recorded. Your certificate is being issued and will appear below within a minute; we will also e-mail you.";
        return Redirect("/certificates");
    }

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    private async Task LoadAsync(string courseId, CancellationToken ct)
    {
        CourseId = courseId;
        Status = await credits.GetStatusAsync(UserId, courseId, ct);
        Objectives = await credits.EvaluationObjectivesAsync(UserId, courseId, ct);
        (Practices, FollowUpDays, Incentive) = await practiceChange.EvaluationContextAsync(UserId, courseId, ct);
        Suggestions = Practices.Count > 0 && !Status.EvaluationDone ? await planner.SuggestionsAsync(UserId, courseId, ct) : [];
        while (Evaluation.Commitments.Count < CommitmentPlanner.MaxCommitments)
        {
            Evaluation.Commitments.Add(new());
        }
    }

    private Guid UserId => User.UserId();
}
