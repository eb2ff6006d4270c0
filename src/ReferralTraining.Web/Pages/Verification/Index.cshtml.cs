using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.Web.Pages.Verification;

/// <summary>Public: a board clerk types a code or scans the QR. No sign-in, rate-limited.</summary>
[EnableRateLimiting(VerificationsApi.PublicRateLimit)]
public sealed class IndexModel(VerificationService verification, ReferralTraining.Web.Data.AppDbContext db) : PageModel
{
    public VerificationResult? Result { get; private set; }

    /// <summary>The disclosures learners were shown for the certificate's exact course version (issue 22), or null.</summary>
    public IReadOnlyList<ReferralTraining.Web.Features.Courses.Content.FacultyMember>? Disclosures { get; private set; }
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
            else if (Result.ContentHash is { } hash)
            {
                // The version is found by its content hash, which the certificate records: the very text it was earned on.
                Disclosures = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
                    db.CourseVersions.Where(v => v.ContentHash == hash && v.Version == Result.CourseVersion).Select(v => v.Faculty), ct);
            }
        }
    }
}
