using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.Web.Pages.Verification;

/// <summary>A board clerk checks a stack of codes at once, and audits one licensee's consented CE record.</summary>
[Authorize(Policy = Policies.CredentialingBody)]
[RequestSizeLimit(BoardVerificationService.MaxBytes * 2 + 64 * 1024)]
public sealed class BulkModel(BoardVerificationService boards, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Csv { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    [BindProperty(SupportsGet = true)] public string? Authority { get; set; }
    [BindProperty(SupportsGet = true)] public string? Number { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public IReadOnlyList<BulkVerificationLine>? Results { get; private set; }
    public AuditResult? Audit { get; private set; }
    public bool AuditNotFound { get; private set; }
    public string? AuditError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Authority is null && Number is null && From is null && To is null)
        {
            return;
        }
        DateOnly? from = DateOnly.TryParseExact(From, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null;
        DateOnly? to = DateOnly.TryParseExact(To, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
        // The period is optional on the form: an empty end is today, an empty start the longest period allowed before the end.
        // A date typed but unreadable is still an error, never silently replaced.
        if (string.IsNullOrWhiteSpace(To))
        {
            to = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        }
        if (string.IsNullOrWhiteSpace(From) && to is not null)
        {
            from = to.Value.AddYears(-BoardVerificationService.MaxAuditYears);
        }
        AuditError = string.IsNullOrWhiteSpace(Authority) || string.IsNullOrWhiteSpace(Number)
            ? "Enter the license's issuing authority and number."
            : BoardVerificationService.ValidateRange(from, to);
        if (AuditError is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Audit = await boards.AuditAsync(User.UserId(), Authority!, Number!, from!.Value, to!.Value, ct);
        AuditNotFound = Audit is null;
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        var lines = await CheckAsync(ct);
        if (lines is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Results = lines;
        return Page();
    }

    /// <summary>The same check again, as a CSV file: nothing is stored between requests.</summary>
    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken ct)
    {
        var lines = await CheckAsync(ct);
        if (lines is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return File(Encoding.UTF8.GetBytes(BoardVerificationService.ResultsCsv(lines)), "text/csv; charset=utf-8", "verification-results.csv");
    }

    private async Task<IReadOnlyList<BulkVerificationLine>?> CheckAsync(CancellationToken ct)
    {
        var text = Csv;
        if (Upload is { Length: > 0 })
        {
            if (Upload.Length > BoardVerificationService.MaxBytes)
            {
                ModelState.AddModelError(nameof(Upload), $"The file is larger than {BoardVerificationService.MaxBytes / 1024} KB. Split it into files of at most {BoardVerificationService.MaxRows} codes.");
                return null;
            }
            using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8);
            text = await reader.ReadToEndAsync(ct);
            Csv = text;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError(nameof(Csv), "Paste the codes or choose a CSV file: a first line \"code\", then one code per line.");
            return null;
        }
        var (codes, problem) = BoardVerificationService.ParseCsv(text);
        if (problem is not null)
        {
            ModelState.AddModelError(nameof(Csv), problem.Message);
            return null;
        }
        return await boards.VerifyAsync(codes, ct);
    }

    public static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
