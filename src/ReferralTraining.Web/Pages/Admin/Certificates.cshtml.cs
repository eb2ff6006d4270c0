using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Web.Pages.Admin;

/// <summary>Admin only (folder convention): find certificates, revoke/suspend/reinstate with a reason, read the audit log.</summary>
public sealed class CertificatesModel(AppDbContext db, CertificateStatusService statuses) : PageModel
{
    public sealed record Row(Guid Id, string Code, string Holder, string Email, string Course, string Credit, DateTimeOffset IssuedAt, CertificateStatus Status, string? Reason);

    public sealed record Event(string Code, CertificateStatus From, CertificateStatus To, string Reason, string Actor, DateTimeOffset At);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public Guid CertificateId { get; set; }
    [BindProperty] public CertificateStatus NewStatus { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<Event> Events { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = User.UserId();
        var problem = await statuses.ChangeAsync(CertificateId, NewStatus, Reason, actor);
        if (problem is not null)
        {
            ModelState.AddModelError($"Reason-{CertificateId}", problem);
            await LoadAsync();
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = $"Certificate {NewStatus.ToString().ToLowerInvariant()}.";
        return Redirect($"/admin/certificates?q={Uri.EscapeDataString(Q ?? "")}");
    }

    public string? ErrorFor(Guid id) => ModelState.TryGetValue($"Reason-{id}", out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    private async Task LoadAsync()
    {
        var query = db.Certificates.AsNoTracking();
        var q = Q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            var normalizedEmail = q.ToUpperInvariant();
            var code = VerificationCode.Normalize(q);
            query = code is not null
                ? query.Where(c => c.VerificationCode == code)
                : query.Where(c => db.Users.Any(u => u.Id == c.UserId && u.NormalizedEmail == normalizedEmail));
        }
        var certificates = await query.OrderByDescending(c => c.IssuedAt).Take(50).ToListAsync();
        Rows = certificates.Select(c => new Row(c.Id, c.VerificationCode, c.Document.HolderName, c.Document.HolderEmail, c.Document.CourseTitle,
            $"{c.Document.Credits:0.##} {c.Document.CreditUnit}", c.IssuedAt, c.Status, c.StatusReason)).ToList();
        var ids = certificates.Select(c => c.Id).ToList();
        Events = await db.CertificateStatusEvents.AsNoTracking().Where(e => ids.Contains(e.CertificateId)).OrderByDescending(e => e.At)
            .Join(db.Certificates, e => e.CertificateId, c => c.Id, (e, c) => new { e, c.VerificationCode })
            .Select(x => new Event(x.VerificationCode, x.e.From, x.e.To, x.e.Reason,
                db.Users.Where(u => u.Id == x.e.ActorUserId).Select(u => u.Email).FirstOrDefault() ?? "?", x.e.At))
            .ToListAsync();
    }
}
