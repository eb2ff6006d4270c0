using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>
/// Director: what changed in staff practice (aggregates only) beside the program self-check, each gap linked
/// to the course that addresses it. The folder's filter already limits this to the organization's directors.
/// </summary>
public sealed class OutcomesModel(AppDbContext db, OutcomesService outcomes) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Course { get; set; }
    [BindProperty] public Dictionary<string, string> Answers { get; set; } = [];

    public string OrganizationName { get; private set; } = "";
    public OutcomeReport Report { get; private set; } = default!;
    public ProgramSelfCheck? SelfCheck { get; private set; }
    public Dictionary<string, string> CourseTitles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(false, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var report = await outcomes.ForOrganizationAsync(OrgId, string.IsNullOrWhiteSpace(Course) ? null : Course, ct);
        var bytes = Infrastructure.Web.Csv.Utf8WithBom(OutcomesService.ToCsv(report));
        return File(bytes, "text/csv; charset=utf-8", "practice-outcomes.csv");
    }

    /// <summary>Saves the self-check as a new row (history kept); every question needs an answer.</summary>
    public async Task<IActionResult> OnPostSelfCheckAsync(CancellationToken ct)
    {
        foreach (var q in PracticeChangeCatalog.SelfCheck)
        {
            if (!Answers.TryGetValue(q.Id, out var a) || !PracticeChangeCatalog.SelfCheckAnswers.Contains(a))
            {
                ModelState.AddModelError($"Answers[{q.Id}]", $"Answer \"{q.Text}\"");
            }
        }
        if (Answers.Keys.Any(k => PracticeChangeCatalog.SelfCheck.All(q => q.Id != k)))
        {
            ModelState.AddModelError("", "The form has an unknown question; reload the page and try again.");
        }
        if (ModelState.ErrorCount > 0)
        {
            await LoadAsync(keepAnswers: true, ct);
            return Page();
        }
        await outcomes.SaveSelfCheckAsync(OrgId, User.UserId(), Answers, ct);
        TempData["Status"] = "Self-check saved.";
        return Redirect($"/organizations/{OrgId}/outcomes#self-check");
    }

    private async Task LoadAsync(bool keepAnswers, CancellationToken ct)
    {
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        Report = await outcomes.ForOrganizationAsync(OrgId, string.IsNullOrWhiteSpace(Course) ? null : Course, ct);
        SelfCheck = await outcomes.LatestSelfCheckAsync(OrgId, ct);
        CourseTitles = Report.Courses.ToDictionary(c => c.Id, c => c.Title);
        if (!keepAnswers && SelfCheck is not null)
        {
            Answers = new Dictionary<string, string>(SelfCheck.Answers);
        }
    }

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;
}
