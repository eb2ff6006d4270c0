using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>The organizations the signed-in person belongs to (only theirs).</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Name, OrganizationRole Role);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Rows = await db.Set<OrganizationMember>().AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Set<Organization>(), m => m.OrganizationId, o => o.Id, (m, o) => new { o.Id, o.Name, m.Role })
            .OrderBy(r => r.Name).Select(r => new Row(r.Id, r.Name, r.Role)).ToListAsync(ct);
    }
}
