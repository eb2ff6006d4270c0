using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates.Pdf;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>The holder's downloads: certificate PDF, Open Badge (.jwt and wallet JSON), transcript PDF.</summary>
public static class CertificatesDownloads
{
    public static RouteGroupBuilder MapCertificatesDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/certificates").RequireAuthorization();
        group.MapGet("/{id:guid}/pdf", PdfAsync);
        group.MapGet("/{id:guid}/badge.jwt", JwtAsync);
        group.MapGet("/{id:guid}/badge.json", JsonAsync);
        group.MapGet("/transcript.pdf", TranscriptAsync);
        return group;
    }

    // Someone else's certificate is "not found", never "forbidden": no confirmation that it exists.
    private static Task<Certificate?> MineAsync(AppDbContext db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var userId = user.UserId();
        return db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.UserId == userId, ct);
    }

    private static async Task<IResult> PdfAsync(Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        var certificate = await MineAsync(db, user, id, ct);
        if (certificate is null)
        {
            return Results.NotFound();
        }
        // The zone stored at issue (ADR-018), not the profile's current one: the PDF says what the verify page says.
        var zone = CertificateDates.Zone(certificate.Document).Id;
        var status = new CertificatePdf.StatusNotice(certificate.Status, certificate.StatusChangedAt,
            StatusReasons.Public(certificate.Status, certificate.StatusReason));
        return Results.File(CertificatePdf.Render(certificate.Document, zone, status), "application/pdf", $"certificate-{certificate.VerificationCode}.pdf");
    }

    private static async Task<IResult> JwtAsync(Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        var certificate = await MineAsync(db, user, id, ct);
        return certificate?.CredentialJwt is null
            ? Results.NotFound()
            : Results.File(Encoding.ASCII.GetBytes(certificate.CredentialJwt), "text/plain", $"open-badge-{certificate.VerificationCode}.jwt");
    }

    /// <summary>Wallets that import JSON get the credential with the signed JWT alongside it.</summary>
    private static async Task<IResult> JsonAsync(Guid id, ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        var certificate = await MineAsync(db, user, id, ct);
        if (certificate?.CredentialJwt is null)
        {
            return Results.NotFound();
        }
        var payload = certificate.CredentialJwt.Split('.')[1];
        var json = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(payload));
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var claim in new[] { "iss", "jti", "sub", "nbf", "exp" })
        {
            node.Remove(claim);
        }
        var wrapper = new System.Text.Json.Nodes.JsonObject { ["credential"] = node, ["jwt"] = certificate.CredentialJwt };
        return Results.File(Encoding.UTF8.GetBytes(wrapper.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })),
            "application/json", $"open-badge-{certificate.VerificationCode}.json");
    }

    private static async Task<IResult> TranscriptAsync(DateOnly? from, DateOnly? to, ClaimsPrincipal user, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var userId = user.UserId();
        var me = await db.Users.AsNoTracking().Include(u => u.Licenses).SingleAsync(u => u.Id == userId, ct);
        var all = await db.Certificates.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.IssuedAt).ToListAsync(ct);
        var lines = all.Where(c =>
        {
            var local = CertificateDates.Completed(c.Document).Date;
            return (from is null || local >= from) && (to is null || local <= to);
        }).Select(c => new TranscriptLine(c.Document.ActivityEnd, c.Document.CourseTitle, c.Document.CourseVersion, c.Document.CreditTypeName,
            c.Document.CreditUnit, c.Document.Credits, c.VerificationCode, c.Status.ToString(), CertificateDates.Zone(c.Document).Id)).ToList();
        var provider = all.Count > 0 ? all[0].Document : null;
        var document = new TranscriptDocument(me.DisplayName, me.Licenses.Select(l => new LicenseLine(l.IssuingAuthority, l.Number)).ToList(),
            from, to, me.TimeZoneId, lines, provider?.ProviderName ?? "ReferralTraining", provider?.ProviderUrl ?? "", clock.GetUtcNow());
        return Results.File(TranscriptPdf.Render(document), "application/pdf", "transcript.pdf");
    }

}
