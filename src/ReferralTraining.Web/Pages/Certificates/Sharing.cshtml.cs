using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.Web.Pages.Certificates;

/// <summary>The clinician decides which credentialing bodies may see their CE record, and where completions are reported.</summary>
[Authorize(Policy = Policies.Clinician)]
public sealed class SharingModel(AppDbContext db, ConsentService consents) : PageModel
{
    public sealed record Body(Guid Id, string Name, DateTimeOffset? SharedSince);

    public sealed record ReportingInput
    {
        public bool CeBroker { get; set; }
        public bool Pars { get; set; }
        public string? BirthMonthDay { get; set; }
        public string? Npi { get; set; }
    }

    [BindProperty] public List<Guid> BodyIds { get; set; } = [];
    [BindProperty] public ReportingInput Reporting { get; set; } = new();

    public IReadOnlyList<Body> Bodies { get; private set; } = [];
    public string TimeZoneId { get; private set; } = "UTC";

    private Guid Me => User.UserId();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = Me;
        var profile = await db.Set<ReportingProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == me, ct);
        var targets = await db.Set<ReportingConsent>().AsNoTracking().Where(c => c.UserId == me && c.WithdrawnAt == null).Select(c => c.Target).ToListAsync(ct);
        Reporting = new ReportingInput
        {
            CeBroker = targets.Contains(ReportingTargets.CeBroker), Pars = targets.Contains(ReportingTargets.Pars),
            BirthMonthDay = profile?.BirthMonthDay, Npi = profile?.Npi,
        };
        await LoadAsync(true, ct);
    }

    public async Task<IActionResult> OnPostSharingAsync(CancellationToken ct)
    {
        var errors = await consents.SetSharingAsync(Me, BodyIds, ct);
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError("", e.Message);
            }
            await LoadAsync(true, ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = BodyIds.Count == 0 ? "Saved. No credentialing body can see your record." : $"Saved. {BodyIds.Distinct().Count()} credentialing bod{(BodyIds.Distinct().Count() == 1 ? "y" : "ies")} can see your record.";
        return Redirect("/certificates/sharing");
    }

    public async Task<IActionResult> OnPostReportingAsync(CancellationToken ct)
    {
        var errors = await consents.SetReportingAsync(Me, new ReportingChoices(Reporting.CeBroker, Reporting.Pars, Reporting.BirthMonthDay, Reporting.Npi), ct);
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError($"Reporting.{e.Field}", e.Message);
            }
            await LoadAsync(keepChecked: false, ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = "Saved your reporting choices.";
        return Redirect("/certificates/sharing");
    }

    private async Task LoadAsync(bool keepChecked, CancellationToken ct)
    {
        var me = Me;
        TimeZoneId = await db.Users.Where(u => u.Id == me).Select(u => u.TimeZoneId).SingleAsync(ct);
        var active = await db.Set<ShareConsent>().AsNoTracking().Where(c => c.UserId == me && c.WithdrawnAt == null).ToDictionaryAsync(c => c.BodyUserId, c => c.GrantedAt, ct);
        var bodies = await db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.CredentialingBody)))
            .Select(u => new { u.Id, u.GivenName, u.MiddleName, u.FamilyName, u.Suffix })
            .ToListAsync(ct);
        Bodies = bodies
            .Select(b => new Body(b.Id, AppUser.FullName(b.GivenName, b.MiddleName, b.FamilyName, b.Suffix),
                active.TryGetValue(b.Id, out var since) ? since : null))
            .OrderBy(b => b.Name, StringComparer.CurrentCulture).ToList();
        if (keepChecked && Request.Method == HttpMethods.Get)
        {
            BodyIds = [.. active.Keys];
        }
    }
}
