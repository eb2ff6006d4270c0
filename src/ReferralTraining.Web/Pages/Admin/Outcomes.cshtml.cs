using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Provider view (accreditation outcomes reporting): the same aggregates across all learners, per course.</summary>
public sealed class OutcomesModel(OutcomesService outcomes) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Course { get; set; }
    public OutcomeReport Report { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken ct) => Report = await outcomes.ForProviderAsync(string.IsNullOrWhiteSpace(Course) ? null : Course, ct);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var report = await outcomes.ForProviderAsync(string.IsNullOrWhiteSpace(Course) ? null : Course, ct);
        var bytes = Infrastructure.Web.Csv.Utf8WithBom(OutcomesService.ToCsv(report));
        return File(bytes, "text/csv; charset=utf-8", "practice-outcomes.csv");
    }
}
