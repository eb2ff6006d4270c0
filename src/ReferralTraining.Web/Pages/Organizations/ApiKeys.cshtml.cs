using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>Director: API keys for HR sync. A new key is shown once; only its hash is stored.</summary>
public sealed class ApiKeysModel(AppDbContext db, ApiKeyService keys) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty, Display(Name = "Key name")] public string? Name { get; set; }
    [BindProperty] public Guid KeyId { get; set; }

    public string OrganizationName { get; private set; } = "";
    public IReadOnlyList<OrganizationApiKey> Keys { get; private set; } = [];
    public string? NewSecret { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        (_, NewSecret) = await keys.CreateAsync(OrgId, Name ?? "", ct);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        await keys.RevokeAsync(OrgId, KeyId, ct);
        return Redirect($"/organizations/{OrgId}/api-keys");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        Keys = await db.Set<OrganizationApiKey>().AsNoTracking().Where(k => k.OrganizationId == OrgId).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
    }
}
