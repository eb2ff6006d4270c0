using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): create an organization and its first director.</summary>
public sealed class OrganizationsModel(AppDbContext db, OrganizationService organizations) : PageModel
{
    public sealed record Row(Guid Id, string Name, int Members, string Directors);

    [BindProperty, Display(Name = "Organization name")] public string? Name { get; set; }
    [BindProperty, Display(Name = "First director's e-mail")] public string? DirectorEmail { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await organizations.CreateOrganizationAsync(Name, DirectorEmail, User.UserId(), ct);
        if (!result.Ok)
        {
            ModelState.AddModelError(result.Field ?? "", result.Error!);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = $"Organization {Name} created.";
        return Redirect("/admin/organizations");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var orgs = await db.Set<Organization>().AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        var members = await db.Set<OrganizationMember>().AsNoTracking()
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.OrganizationId, m.Role, u.Email }).ToListAsync(ct);
        Rows = orgs.Select(o => new Row(o.Id, o.Name, members.Count(m => m.OrganizationId == o.Id),
            string.Join(", ", members.Where(m => m.OrganizationId == o.Id && m.Role == OrganizationRole.Director).Select(m => m.Email)))).ToList();
    }
}
