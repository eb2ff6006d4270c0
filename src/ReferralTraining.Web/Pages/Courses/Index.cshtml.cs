using Microsoft.AspNetCore.Mvc.RazorPages;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Pages.Courses;

public sealed class IndexModel(AppDbContext db, CatalogCache catalog) : PageModel
{
    public IReadOnlyList<CatalogCard> Courses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Courses = await catalog.CurrentAsync(db, ct);
}
