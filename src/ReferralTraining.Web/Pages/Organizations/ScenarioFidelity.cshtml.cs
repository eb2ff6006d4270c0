using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Features.PracticeChange;
using ReferralTraining.Web.Features.Scenarios;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>
/// Director (folder filter checks {orgId} through the tenant guard): staff fidelity by checklist item per practice
/// scenario, aggregates only, small cells suppressed as in practice outcomes (ADR-024).
/// </summary>
public sealed class ScenarioFidelityModel(AppDbContext db, ScenarioFidelityReport report) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }

    public string OrganizationName { get; private set; } = "";
    public FidelityReport Report { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        Report = await report.ForOrganizationAsync(OrgId, ct);
    }
}
