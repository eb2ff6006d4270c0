using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages.FollowUps;

/// <summary>
/// The follow-up form opened from a nudge e-mail, without signing in: the signed, expiring token opens this one
/// form only and is spent by the first successful submit (not by opening it, so mail scanners cannot spend it).
/// </summary>
[EnableRateLimiting(AccountsExtensions.PublicFormsRateLimit)]
[ReferralTraining.Web.Infrastructure.Security.TokenInUrl]
public sealed class LinkModel(PracticeChangeService practiceChange) : FollowUpPageBase(practiceChange)
{
    public TokenProblem Problem { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var read = await ReadAsync(token, ct);
        if (read is null)
        {
            return Page();
        }
        Prefill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var read = await ReadAsync(token, ct);
        if (read is null)
        {
            return Page();
        }
        if (!await SaveAsync(read.Value.FollowUpId, read.Value.TokenId, ct))
        {
            Form = (await PracticeChange.LoadFormAsync(read.Value.FollowUpId, ct))!;
            return Page();
        }
        Saved = true;
        Form = (await PracticeChange.LoadFormAsync(read.Value.FollowUpId, ct))!;
        return Page();
    }

    private async Task<(Guid TokenId, Guid FollowUpId)?> ReadAsync(string token, CancellationToken ct)
    {
        var (problem, tokenId, followUpId) = await PracticeChange.ReadTokenAsync(token, ct);
        Problem = problem;
        if (problem != TokenProblem.None)
        {
            Response.StatusCode = problem == TokenProblem.Invalid ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
            return null;
        }
        var form = await PracticeChange.LoadFormAsync(followUpId, ct);
        if (form is null)
        {
            Problem = TokenProblem.Invalid;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        Form = form;
        return (tokenId, followUpId);
    }
}
