using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accreditation;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>
/// Admin only (folder convention): the activity file of a course version (issue 22 item 5, ADR-030) as PDF and JSON,
/// with the SHA-256 of each, so a reviewer can check that a file they were sent is the one the data give.
/// </summary>
public sealed class ActivityModel(ActivityFileService activity) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Course { get; set; }
    [BindProperty(SupportsGet = true)] public string? Version { get; set; }
    /// <summary>Optional cut-off (ISO 8601 with an offset, e.g. 2026-12-31T23:59:59Z): data stamped later are left out.</summary>
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }

    public IReadOnlyList<ActivityFileService.VersionRow> Versions { get; private set; } = [];
    public ActivityFile? Result { get; private set; }
    public string? JsonSha256 { get; private set; }
    public string? PdfSha256 { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Versions = await activity.VersionsAsync(ct);
        if (Course is null && Version is null)
        {
            return;
        }
        var built = await BuildAsync(ct);
        if (built is { } b)
        {
            (Result, var json, var pdf) = b;
            JsonSha256 = ActivityFileService.Sha256(json);
            PdfSha256 = ActivityFileService.Sha256(pdf);
        }
    }

    public async Task<IActionResult> OnGetJsonAsync(CancellationToken ct)
    {
        var built = await BuildAsync(ct);
        return built is { } b ? File(b.Json, "application/json", FileName(b.File, "json")) : await ProblemAsync(ct);
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        var built = await BuildAsync(ct);
        return built is { } b ? File(b.Pdf, "application/pdf", FileName(b.File, "pdf")) : await ProblemAsync(ct);
    }

    private async Task<IActionResult> ProblemAsync(CancellationToken ct)
    {
        Versions = await activity.VersionsAsync(ct);
        return Page();
    }

    private static string FileName(ActivityFile file, string extension) =>
        $"activity-{file.Activity.CourseId}-{file.Activity.Version}-{file.AsOf.UtcDateTime:yyyyMMdd-HHmmss}.{extension}";

    private async Task<(ActivityFile File, byte[] Json, byte[] Pdf)?> BuildAsync(CancellationToken ct)
    {
        DateTimeOffset? asOf = null;
        if (!string.IsNullOrWhiteSpace(AsOf))
        {
            if (!DateTimeOffset.TryParse(AsOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                Error = "Enter the \"as of\" time as an ISO 8601 date and time, e.g. 2026-12-31T23:59:59Z, or leave it empty for all data.";
                return null;
            }
            asOf = parsed;
        }
        if (string.IsNullOrWhiteSpace(Course) || string.IsNullOrWhiteSpace(Version))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Error = "Choose a course version from the list.";
            return null;
        }
        var file = await activity.BuildAsync(Course, Version, asOf, ct);
        if (file is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            Error = $"No version {Version} of course \"{Course}\" has been published.";
            return null;
        }
        var json = ActivityFileService.ToJson(file);
        return (file, json, ActivityFilePdf.Render(file, json));
    }
}
