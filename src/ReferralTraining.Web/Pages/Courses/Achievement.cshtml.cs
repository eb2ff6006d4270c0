using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Certificates.Credentials;

namespace ReferralTraining.Web.Pages.Courses;

/// <summary>
/// The resolvable <c>achievement.id</c> of every credential for a course version: the Achievement as JSON-LD for a client that
/// asks for JSON, a readable page for a person. Public, like the issuer profile: it says nothing about any learner.
/// </summary>
public sealed class AchievementModel(AppDbContext db, IOptions<CertificatesOptions> certificates, IOptions<CredentialsOptions> credentials) : PageModel
{
    public string CourseId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Version { get; private set; } = "";
    public string Summary { get; private set; } = "";
    public string ContentHash { get; private set; } = "";
    public string Criteria { get; private set; } = "";
    public string ActivityFormat { get; private set; } = "";
    public IReadOnlyList<OpenBadgeBuilder.OfferedCredit> Credits { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string courseId, string version, CancellationToken ct)
    {
        var found = await db.CourseVersions.AsNoTracking().Where(v => v.CourseId == courseId && v.Version == version)
            .Select(v => new { v.CourseId, v.Title, v.Version, v.Summary, v.ContentHash, v.Credits }).SingleOrDefaultAsync(ct);
        var wantsJson = WantsJson(Request);
        if (found is null)
        {
            if (wantsJson)
            {
                return new JsonResult(new ProblemDetails
                {
                    Status = StatusCodes.Status404NotFound, Title = "Unknown achievement",
                    Detail = await db.Courses.Where(c => c.Id == courseId).Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => v.Title)
                        .FirstOrDefaultAsync(ct) is { } title ? $"\"{title}\" has no version {version}." : "There is no such course.",
                })
                { StatusCode = StatusCodes.Status404NotFound, ContentType = "application/problem+json" };
            }
            return NotFound();
        }
        var settings = certificates.Value;
        (CourseId, Title, Version, Summary, ContentHash, ActivityFormat) = (found.CourseId, found.Title, found.Version, found.Summary, found.ContentHash, settings.ActivityFormat);
        Credits = found.Credits.Where(c => settings.CreditTypes.ContainsKey(c.Type)).Select(c =>
        {
            var type = settings.CreditTypes[c.Type];
            return new OpenBadgeBuilder.OfferedCredit(c.Type, type.Name, type.Unit, c.Hours, type.Accreditor, type.AccreditorUrl);
        }).ToList();
        var achievement = OpenBadgeBuilder.AchievementDocument(CourseId, Title, Version, ContentHash, ActivityFormat, Credits, credentials.Value);
        Criteria = (string?)achievement["criteria"]?["narrative"] ?? "";
        Response.Headers.AccessControlAllowOrigin = "*";
        Response.Headers.Vary = "Accept";
        if (wantsJson)
        {
            var ld = MediaTypeHeaderValue.TryParseList(Request.Headers.Accept, out var accepted)
                && accepted.Any(a => a.MediaType.Equals("application/ld+json", StringComparison.OrdinalIgnoreCase));
            return Content(achievement.ToJsonString(), ld ? "application/ld+json" : "application/json", Encoding.UTF8);
        }
        return Page();
    }

    /// <summary>JSON when the client names a JSON type and ranks HTML no higher (a browser's Accept lists text/html first).</summary>
    internal static bool WantsJson(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }
        double Quality(Func<MediaTypeHeaderValue, bool> match) =>
            accepted.Where(match).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var json = Quality(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || a.MediaType.Equals("application/ld+json", StringComparison.OrdinalIgnoreCase));
        var html = Quality(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        return json > 0 && json >= html;
    }
}
