using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Accreditation;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): accreditor report files for learners who consented, each export recorded (ADR-019).</summary>
public sealed class ExportsModel(ReportingExports exports, IOptions<ReportingOptions> options, TimeProvider clock, ParsActivityExport parsActivities,
    IOptions<AccreditationOptions> accreditation) : PageModel
{
    public const string NotYetReported = "new";
    public const string DateRange = "range";

    /// <summary>"new" (default): completions not in an earlier export; "range": every completion in From..To, re-sending if need be.</summary>
    [BindProperty(SupportsGet = true)] public string? Selection { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    /// <summary>The export just made (after the redirect), or one picked from the list.</summary>
    [BindProperty(SupportsGet = true)] public Guid? ExportId { get; set; }

    public string? Error { get; private set; }
    /// <summary>Which file the last post asked for, for the messages.</summary>
    public string? Target { get; private set; }
    public ExportOutcome? Outcome { get; private set; }
    public ReportingExport? Export { get; private set; }
    public IReadOnlyList<ReportingExports.ExportSummary> Recent { get; private set; } = [];
    public ReportingOptions Settings => options.Value;
    public AccreditationOptions ActivitySettings => accreditation.Value;

    public bool RangeSelected => Selection == DateRange;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (ExportId is { } id)
        {
            Export = await exports.FindAsync(id, ct);
            if (Export is null)
            {
                Response.StatusCode = StatusCodes.Status404NotFound;
                Error = "No export with that id.";
            }
        }
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostCeBrokerAsync(CancellationToken ct) => RunAsync(ReportingTargets.CeBroker, ct);

    public Task<IActionResult> OnPostParsAsync(CancellationToken ct) => RunAsync(ReportingTargets.Pars, ct);

    /// <summary>The reporting year of the PARS activity export (issue 22 item 6, ADR-035).</summary>
    [BindProperty] public int? Year { get; set; }

    /// <summary>Set when the PARS activity export was refused or its input was invalid, for the message beside its form.</summary>
    public string? ActivityError { get; private set; }

    /// <summary>PARS activity data for a reporting year: aggregate counts, nothing per learner, so nothing is recorded.</summary>
    public async Task<IActionResult> OnPostParsActivitiesAsync(CancellationToken ct)
    {
        ActivityError = ParsActivityExport.ValidateYear(Year);
        if (ActivityError is null)
        {
            var file = await parsActivities.ExportAsync(Year!.Value, ct);
            if (file.Refusal is null)
            {
                return File(file.Content, "text/tab-separated-values; charset=utf-8", file.FileName);
            }
            ActivityError = file.Refusal;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The recorded file, exactly as it was produced.</summary>
    public async Task<IActionResult> OnGetFileAsync(CancellationToken ct)
    {
        var export = ExportId is { } id ? await exports.FindAsync(id, ct) : null;
        if (export is null)
        {
            return NotFound();
        }
        return File(export.Content, export.ContentType, export.FileName);
    }

    public static string TargetName(string target) => target == ReportingTargets.CeBroker ? "CE Broker roster" : "PARS learner file";

    public static string Describe(bool notYetReported, DateOnly? from, DateOnly? to) => notYetReported
        ? "completions not reported in an earlier export"
        : $"completions from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}, including any already reported";

    private async Task<IActionResult> RunAsync(string target, CancellationToken ct)
    {
        Target = target;
        ExportSelection selection;
        if (Selection is null or NotYetReported)
        {
            selection = ExportSelection.NotReported;
        }
        else if (Selection == DateRange)
        {
            DateOnly? from = DateOnly.TryParseExact(From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null;
            DateOnly? to = DateOnly.TryParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
            Error = BoardVerificationService.ValidateRange(from, to);
            selection = new ExportSelection(false, from, to);
        }
        else
        {
            Error = "Choose what to export: completions not yet reported, or a date range.";
            selection = ExportSelection.NotReported;
        }
        if (Error is not null)
        {
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var outcome = target == ReportingTargets.CeBroker
            ? await exports.CeBrokerRosterAsync(selection, User.UserId(), ct)
            : await exports.ParsLearnersAsync(selection, User.UserId(), ct);
        if (outcome.ExportId is { } id)
        {
            return RedirectToPage(new { ExportId = id });
        }
        Outcome = outcome;
        Error = outcome.Refusal;
        await LoadAsync(ct);
        if (outcome.Refusal is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        From ??= new DateOnly(today.Year, today.Month, 1).AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Year ??= today.Year - 1;
        Recent = await exports.RecentAsync(20, ct);
    }
}
