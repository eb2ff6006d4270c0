using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.Sso;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>
/// The organization's OpenID Connect provider form (issuer, client, secret, domains, default job role, acr) and its
/// "Test connection" button. The director's page and the admin's page derive from it: the same fields, the same
/// validation (<see cref="SsoDirectory.SaveAsync"/>); only who may open them differs.
/// </summary>
public abstract class SsoSettingsPageModel(AppDbContext db, SsoDirectory directory, SsoConnectionTester tester, Infrastructure.Web.PublicLinks links) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }

    [BindProperty, Display(Name = "Issuer")] public string? Issuer { get; set; }
    [BindProperty, Display(Name = "Client ID")] public string? ClientId { get; set; }
    [BindProperty, Display(Name = "Client secret")] public string? ClientSecret { get; set; }
    [BindProperty, Display(Name = "E-mail domains")] public string? Domains { get; set; }
    [BindProperty, Display(Name = "Job role for new members")] public Guid? DefaultJobRoleId { get; set; }
    [BindProperty, Display(Name = "acr value that means a second factor was used (optional)")] public string? MfaAcr { get; set; }
    [BindProperty, Display(Name = "Send these domains to this provider")] public bool Enabled { get; set; }

    public string OrganizationName { get; private set; } = "";
    public bool Exists { get; private set; }
    public bool Saved { get; private set; }
    public SsoConnectionTest? TestResult { get; private set; }
    public IReadOnlyList<JobRole> JobRoles { get; private set; } = [];
    public string RedirectUri => links.To(SsoSchemes.CallbackPath(OrgId));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (await directory.GetAsync(OrgId, ct) is { } connection)
        {
            Issuer = connection.Issuer;
            ClientId = connection.ClientId;
            Domains = string.Join("\n", connection.Domains.Select(d => d.Domain).OrderBy(d => d));
            DefaultJobRoleId = connection.DefaultJobRoleId;
            MfaAcr = connection.MfaAcr;
            Enabled = connection.Enabled;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var errors = await directory.SaveAsync(OrgId, User.UserId(), new SsoInput(Issuer, ClientId, ClientSecret, Domains, DefaultJobRoleId, MfaAcr, Enabled), ct);
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, error.Message);
        }
        ClientSecret = null;
        Saved = errors.Count == 0;
        Exists = await db.Set<SsoConnection>().AnyAsync(c => c.OrganizationId == OrgId, ct);
        return Page();
    }

    /// <summary>Checks the issuer in the form (the stored one when blank) without saving anything.</summary>
    public async Task<IActionResult> OnPostTestAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var issuer = string.IsNullOrWhiteSpace(Issuer) ? (await directory.GetAsync(OrgId, ct))?.Issuer : Issuer;
        TestResult = await tester.TestAsync(issuer, ct);
        ClientSecret = null;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var name = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleOrDefaultAsync(ct);
        if (name is null)
        {
            return false;
        }
        OrganizationName = name;
        JobRoles = await db.Set<JobRole>().AsNoTracking().Where(r => r.OrganizationId == OrgId).OrderBy(r => r.Name).ToListAsync(ct);
        Exists = await db.Set<SsoConnection>().AnyAsync(c => c.OrganizationId == OrgId, ct);
        return true;
    }
}
