using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace ReferralTraining.Web.Features.Verification;

public sealed class VerificationOptions
{
    public const string Section = "Verification";

    /// <summary>Public lookups per minute per client address (page and API).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int PublicPerMinute { get; set; } = 60;
}
