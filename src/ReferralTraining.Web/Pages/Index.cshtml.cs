using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.PracticeChange;

namespace ReferralTraining.Web.Pages;

public sealed class IndexModel(AppDbContext db, PracticeChangeService practiceChange, TimeProvider clock) : PageModel
{
    public sealed record InProgress(string CourseId, string Title, int Read, int Total, bool Complete, int NextModule);

    public string? GivenName { get; private set; }
    public bool ProfileIncomplete { get; private set; }
    public IReadOnlyList<InProgress> Courses { get; private set; } = [];
    public IReadOnlyList<CommitmentPlan> Plans { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync()
    {
        if (User.TryGetUserId() is not { } userId)
        {
            return;
        }
        var me = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.GivenName, u.Profession, u.TimeZoneId, Licenses = u.Licenses.Count }).SingleAsync();
        GivenName = me.GivenName;
        Zone = TimeZones.Find(me.TimeZoneId);
        Now = clock.GetUtcNow();
        Plans = await practiceChange.PlansAsync(userId);
        ProfileIncomplete = User.IsInRole(Roles.Clinician) && (me.Profession is null || me.Licenses == 0);
        var rows = await db.Enrollments.AsNoTracking().Where(e => e.UserId == userId)
            .Join(db.CourseVersions, e => e.CourseVersionId, v => v.Id, (e, v) => new
            {
                e.CourseId, v.Title, Total = v.Modules.Count, Read = e.Progress.Select(p => p.ModuleNumber).ToList(),
                Complete = e.ReadingCompletedAt != null, e.LastActivityAt, e.EnrolledAt,
            })
            .ToListAsync();
        Courses = rows.OrderBy(r => r.Complete).ThenByDescending(r => r.LastActivityAt ?? r.EnrolledAt)
            .Select(r => new InProgress(r.CourseId, r.Title, r.Read.Count, r.Total, r.Complete,
                Enumerable.Range(1, Math.Max(1, r.Total)).FirstOrDefault(n => !r.Read.Contains(n), 1)))
            .ToList();
    }
}
