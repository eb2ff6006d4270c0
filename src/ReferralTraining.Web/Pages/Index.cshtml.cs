using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages;

public sealed class IndexModel(AppDbContext db, PracticeChangeService practiceChange, TimeProvider clock, IOptions<CertificatesOptions> certificates) : PageModel
{
    /// <summary>A published course as the signed-out home page lists it, with the credit it offers in its own units.</summary>
    public sealed record CatalogEntry(string CourseId, string Title, string Summary, int EstimatedMinutes, int ModuleCount, bool HasQuiz, IReadOnlyList<string> Credits);

    /// <summary>An accreditor's statement as configured, with the provider named.</summary>
    public sealed record Accreditation(string Name, string Statement);

    public IReadOnlyList<CatalogEntry> Catalog { get; private set; } = [];
    public IReadOnlyList<Accreditation> Accreditations { get; private set; } = [];
    public string ProviderName => certificates.Value.ProviderName;

    public sealed record InProgress(string CourseId, string Title, int Read, int Total, bool Complete, int NextModule);

    public string? GivenName { get; private set; }
    public bool ProfileIncomplete { get; private set; }
    public IReadOnlyList<InProgress> Courses { get; private set; } = [];
    public IReadOnlyList<CommitmentPlan> Plans { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (User.TryGetUserId() is not { } userId)
        {
            await LoadCatalogAsync(ct);
            return;
        }
        var me = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.GivenName, u.Profession, u.TimeZoneId, Licenses = u.Licenses.Count }).SingleAsync(ct);
        GivenName = me.GivenName;
        Zone = TimeZones.Find(me.TimeZoneId);
        Now = clock.GetUtcNow();
        Plans = await practiceChange.PlansAsync(userId, ct);
        ProfileIncomplete = User.IsInRole(Roles.Clinician) && (me.Profession is null || me.Licenses == 0);
        var rows = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => new
            {
                e.CourseId, v.Title, Total = v.Modules.Count, Read = e.Progress.Select(p => p.ModuleNumber).ToList(),
                Complete = e.ReadingCompletedAt != null, e.LastActivityAt, e.EnrolledAt,
            })
            .ToListAsync(ct);
        Courses = rows.OrderBy(r => r.Complete).ThenByDescending(r => r.LastActivityAt ?? r.EnrolledAt)
            .Select(r => new InProgress(r.CourseId, r.Title, r.Read.Count, r.Total, r.Complete,
                Enumerable.Range(1, Math.Max(1, r.Total)).FirstOrDefault(n => !r.Read.Contains(n), 1)))
            .ToList();
    }

    // The catalog comes from what is published, never a hard-coded list: a new course appears here when it is published.
    private async Task LoadCatalogAsync(CancellationToken ct)
    {
        var options = certificates.Value;
        var versions = await db.Courses.AsNoTracking()
            .Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => v)
            .OrderBy(v => v.Title)
            .Select(v => new { v.CourseId, v.Title, v.Summary, v.EstimatedMinutes, Modules = v.Modules.Count, v.Credits, HasQuiz = v.Quiz != null })
            .ToListAsync(ct);
        Catalog = versions.Select(v => new CatalogEntry(v.CourseId, v.Title, v.Summary, v.EstimatedMinutes, v.Modules, v.HasQuiz,
            v.Credits.Where(c => options.CreditTypes.ContainsKey(c.Type))
                .Select(c => options.FormatAmount(c.Type, c.Hours)).Distinct().ToList())).ToList();
        var offered = versions.SelectMany(v => v.Credits.Select(c => c.Type)).ToHashSet(StringComparer.Ordinal);
        Accreditations = options.CreditTypes
            .Where(t => offered.Contains(t.Key) && !string.IsNullOrWhiteSpace(t.Value.Accreditor))
            .OrderBy(t => t.Value.Name, StringComparer.Ordinal)
            .Select(t => new Accreditation(t.Value.Name, t.Value.Statement.Replace("{provider}", options.ProviderName, StringComparison.Ordinal)))
            .ToList();
    }
}
