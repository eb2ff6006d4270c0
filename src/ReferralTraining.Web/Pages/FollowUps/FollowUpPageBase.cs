using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages.FollowUps;

/// <summary>What the signed-in and the link versions of the follow-up form share: binding, validation display, saving.</summary>
public abstract class FollowUpPageBase(PracticeChangeService practiceChange) : PageModel
{
    public FollowUpForm Form { get; protected set; } = default!;

    [BindProperty] public List<AnswerForm> Responses { get; set; } = [];

    public sealed class AnswerForm
    {
        public Guid CommitmentId { get; set; }
        public Implementation? Status { get; set; }
        public int? PatientsReached { get; set; }
        public List<string> Barriers { get; set; } = [];
        public string? BarrierOther { get; set; }
        public string? Helped { get; set; }
        public BehaviorUse? Behavior { get; set; }
    }

    protected PracticeChangeService PracticeChange => practiceChange;

    /// <summary>Fills the form from saved answers (editing) or leaves it empty (first answer).</summary>
    protected void Prefill()
    {
        Responses = Form.Items.Select(i => new AnswerForm
        {
            CommitmentId = i.Commitment.Id,
            Status = i.Response?.Status,
            PatientsReached = i.Response?.PatientsReached,
            Barriers = i.Response?.Barriers.ToList() ?? [],
            BarrierOther = i.Response?.BarrierOther,
            Helped = i.Response?.Helped,
            Behavior = i.Response?.Behavior,
        }).ToList();
    }

    protected async Task<bool> SaveAsync(Guid followUpId, Guid? token, CancellationToken ct)
    {
        ModelState.Clear(); // the service is the one place these rules live
        var errors = await practiceChange.SaveAsync(followUpId,
            Responses.Take(CommitmentPlanner.MaxCommitments).Select(r => new ResponseInput(r.CommitmentId, r.Status, r.PatientsReached, r.Barriers, r.BarrierOther, r.Helped, r.Behavior)).ToList(),
            token, ct);
        foreach (var e in errors)
        {
            ModelState.AddModelError(e.Field, e.Message);
        }
        return errors.Count == 0;
    }

    public AnswerForm AnswerFor(int index) => index < Responses.Count ? Responses[index] : new AnswerForm { CommitmentId = Form.Items[index].Commitment.Id };

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;
}
