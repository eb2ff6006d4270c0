using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.Web.Pages.Verification;

/// <summary>A credentialing body's API keys: create (the secret is shown once), list, revoke.</summary>
[Authorize(Policy = Policies.CredentialingBody)]
public sealed class ApiKeysModel(AppDbContext db, ApiKeyService keys) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public Guid KeyId { get; set; }

    public IReadOnlyList<Row> Keys { get; private set; } = [];
    public CreatedApiKey? Created { get; private set; }
    public string TimeZoneId { get; private set; } = "UTC";

    private Guid Me => User.UserId();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var (created, error) = await keys.CreateAsync(Me, Name, ct);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Name), error);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        // No redirect: the secret exists only in this response.
        Created = created;
        Name = null;
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        var error = await keys.RevokeAsync(Me, KeyId, ct);
        if (error is not null)
        {
            return NotFound();
        }
        TempData["Status"] = "Key revoked. Requests that use it are now refused.";
        return Redirect("/verification/api-keys");
    }

    public string Format(DateTimeOffset? at) => at is null ? "never" : TimeZones.Format(at.Value, TimeZoneId);

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = Me;
        TimeZoneId = await db.Users.Where(u => u.Id == me).Select(u => u.TimeZoneId).SingleAsync(ct);
        Keys = await db.Set<ApiKey>().AsNoTracking().Where(k => k.OwnerUserId == me).OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt)
            .Select(k => new Row(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToListAsync(ct);
    }
}
