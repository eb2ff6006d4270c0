using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages.FollowUps;

/// <summary>A follow-up for the signed-in learner: answer, or change answers until the next follow-up is due.</summary>
[Authorize]
public sealed class FormModel(PracticeChangeService practiceChange) : FollowUpPageBase(practiceChange)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Prefill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!await SaveAsync(id, null, ct))
        {
            await LoadAsync(id, ct);
            return Page();
        }
        TempData["Status"] = Form.IsFinal && Form.CertificateCode is null
            ? "Thank you: your answers are saved. Your practice-improvement certificate is being issued and will appear under My certificates."
            : "Thank you: your answers are saved. You can change them until the next follow-up.";
        return Redirect($"/follow-ups/{id}");
    }

    /// <summary>Someone else's follow-up is "not found": no data about it leaks.</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var form = await PracticeChange.LoadFormAsync(id, ct);
        if (form is null || form.UserId != User.UserId())
        {
            return false;
        }
        Form = form;
        return true;
    }
}
