using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Infrastructure.Web;

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
    [BindProperty] public bool Confirmed { get; set; }

    /// <summary>Set when a revocation waits for confirmation: the page shows only that step.</summary>
    public ConfirmStep? Confirm { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<Event> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = User.UserId();
        if (NewStatus == CertificateStatus.Revoked && !Confirmed)
        {
            return await ConfirmRevocationAsync(ct);
        }
        var problem = await statuses.ChangeAsync(CertificateId, NewStatus, Reason, actor, ct);
        if (problem is not null)
        {
            ModelState.AddModelError($"Reason-{CertificateId}", problem);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = $"Certificate {NewStatus.ToString().ToLowerInvariant()}.";
        return Redirect($"/admin/certificates?q={Uri.EscapeDataString(Q ?? "")}");
    }

    // Revocation is permanent: the first POST checks what it can and asks; only the confirmed POST revokes.
    private async Task<IActionResult> ConfirmRevocationAsync(CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().Where(c => c.Id == CertificateId)
            .Select(c => new { c.VerificationCode, c.Document.HolderName, c.Document.CourseTitle, c.Status }).SingleOrDefaultAsync(ct);
        var problem = CertificateStatusService.ReasonProblem(Reason)
            ?? (certificate is null ? "There is no such certificate." : null)
            ?? (certificate?.Status == CertificateStatus.Revoked ? "The certificate is already revoked." : null);
        if (problem is not null || certificate is null)
        {
            ModelState.AddModelError($"Reason-{CertificateId}", problem ?? "There is no such certificate.");
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var back = $"/admin/certificates?q={Uri.EscapeDataString(Q ?? "")}";
        Confirm = new ConfirmStep(
            $"Revoke certificate {certificate.VerificationCode} permanently?",
            $"{certificate.HolderName}'s certificate for \"{certificate.CourseTitle}\" will show as revoked, with your reason (\"{Reason!.Trim()}\"), " +
            "on the verify page, in the API and in the signed status list that checks its Open Badge.",
            "A revoked certificate can never be reinstated; if it was revoked in error, a new certificate has to be issued. " +
            "To stop it being valid for a while instead, cancel and suspend it.",
            "Revoke permanently", "/admin/certificates", back,
            [new("CertificateId", CertificateId.ToString()), new("NewStatus", nameof(CertificateStatus.Revoked)), new("Reason", Reason), new("Q", Q ?? "")]);
        return Page();
    }

    public string? ErrorFor(Guid id) => ModelState.TryGetValue($"Reason-{id}", out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    private async Task LoadAsync(CancellationToken ct)
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
        var certificates = await query.OrderByDescending(c => c.IssuedAt).Take(50).ToListAsync(ct);
        Rows = certificates.Select(c => new Row(c.Id, c.VerificationCode, c.Document.HolderName, c.Document.HolderEmail, c.Document.CourseTitle,
            $"{c.Document.Credits:0.##} {c.Document.CreditUnit}", c.IssuedAt, c.Status, c.StatusReason)).ToList();
        var ids = certificates.Select(c => c.Id).ToList();
        Events = await db.CertificateStatusEvents.AsNoTracking().Where(e => ids.Contains(e.CertificateId)).OrderByDescending(e => e.At)
            .Join(db.Certificates, e => e.CertificateId, c => c.Id, (e, c) => new { e, c.VerificationCode })
            .Select(x => new Event(x.VerificationCode, x.e.From, x.e.To, x.e.Reason,
                db.Users.Where(u => u.Id == x.e.ActorUserId).Select(u => u.Email).FirstOrDefault() ?? "?", x.e.At))
            .ToListAsync(ct);
    }
}
