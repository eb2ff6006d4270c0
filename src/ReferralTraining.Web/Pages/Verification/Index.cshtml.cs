using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.Web.Pages.Verification;

/// <summary>Public: a board clerk types a code or scans the QR. No sign-in, rate-limited.</summary>
[EnableRateLimiting(VerificationsApi.PublicRateLimit)]
public sealed class IndexModel(VerificationService verification) : PageModel
{
    public VerificationResult? Result { get; private set; }
    public string? Code { get; private set; }

    public async Task OnGetAsync(string? code, CancellationToken ct)
    {
        Code = code ?? Request.Query["code"];
        if (!string.IsNullOrWhiteSpace(Code))
        {
            Result = await verification.VerifyAsync(Code, ct);
            if (Result.Status == VerificationService.Malformed)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
            else if (Result.Status == VerificationService.Unknown)
            {
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
    }
}
