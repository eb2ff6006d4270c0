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

    public async Task OnGetAsync() => Report = await outcomes.ForProviderAsync(string.IsNullOrWhiteSpace(Course) ? null : Course);

    public async Task<IActionResult> OnGetCsvAsync()
    {
        var report = await outcomes.ForProviderAsync(string.IsNullOrWhiteSpace(Course) ? null : Course);
        var bytes = Infrastructure.Web.Csv.Utf8WithBom(OutcomesService.ToCsv(report));
        return File(bytes, "text/csv; charset=utf-8", "practice-outcomes.csv");
    }
}
