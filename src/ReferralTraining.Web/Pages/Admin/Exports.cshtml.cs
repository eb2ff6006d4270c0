using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): accreditor report files for learners who consented.</summary>
public sealed class ExportsModel(ReportingExports exports) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        From ??= new DateOnly(today.Year, today.Month, 1).AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnGetCeBrokerAsync() => await DownloadAsync(exports.CeBrokerRosterAsync);

    public async Task<IActionResult> OnGetParsAsync() => await DownloadAsync(exports.ParsLearnersAsync);

    private async Task<IActionResult> DownloadAsync(Func<DateOnly, DateOnly, Task<ExportFile>> build)
    {
        DateOnly? from = DateOnly.TryParseExact(From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null;
        DateOnly? to = DateOnly.TryParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
        Error = BoardVerificationService.ValidateRange(from, to);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var file = await build(from!.Value, to!.Value);
        return File(file.Content, file.ContentType, file.FileName);
    }
}
