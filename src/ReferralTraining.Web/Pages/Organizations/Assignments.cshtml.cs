using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>Director: assign courses to a person, a team or a job role, with a due date and optional recurrence.</summary>
public sealed class AssignmentsModel(AppDbContext db, AssignmentService assignments) : PageModel
{
    public sealed record Row(Guid Id, string Course, string AssignedTo, DateOnly DueDate, int? RecurrenceMonths, bool IncludeLater, bool AllowPrior);

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty, Display(Name = "Courses")] public List<string> CourseIds { get; set; } = [];
    [BindProperty, Display(Name = "Assign to")] public string? TargetId { get; set; }
    [BindProperty, Display(Name = "Due date")] public DateOnly? DueDate { get; set; }
    [BindProperty, Display(Name = "Repeat every (months)")] public int? RecurrenceMonths { get; set; }
    [BindProperty] public bool IncludeLaterMembers { get; set; }
    [BindProperty] public bool AllowPriorCompletion { get; set; }
    [BindProperty] public Guid AssignmentId { get; set; }

    public string OrganizationName { get; private set; } = "";
    public IReadOnlyList<(string Id, string Title)> Courses { get; private set; } = [];
    public IReadOnlyList<(string Value, string Label)> Targets { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        IncludeLaterMembers = true; // the usual choice; an unticked box posts nothing, so the default must be false
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Target values are "Person:{id}", "Team:{id}" or "JobRole:{id}".
        var parts = (TargetId ?? "").Split(':', 2);
        var kind = parts.Length == 2 && Enum.TryParse<AssignmentTarget>(parts[0], out var k) ? k : AssignmentTarget.Person;
        Guid? target = parts.Length == 2 && Guid.TryParse(parts[1], out var id) ? id : null;
        var me = User.UserId();
        var timeZone = await db.Users.Where(u => u.Id == me).Select(u => u.TimeZoneId).SingleAsync(ct);
        // The one list offers all three kinds: nothing chosen is not "no person" but "nobody".
        var result = string.IsNullOrWhiteSpace(TargetId) && ModelState.IsValid && CourseIds.Count > 0
            ? OrgResults.Fail<IReadOnlyList<Guid>>("Choose a team, job role or person.", "TargetId")
            : ModelState.IsValid
            ? await assignments.CreateAsync(OrgId, new AssignmentRequest(CourseIds, kind, target, DueDate, RecurrenceMonths, IncludeLaterMembers, AllowPriorCompletion),
                me, timeZone, ct)
            : OrgResults.Fail<IReadOnlyList<Guid>>("Check the highlighted fields.");
        if (!result.Ok)
        {
            ModelState.AddModelError(result.Field ?? "", result.Error!);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = result.Value!.Count == 1 ? "Course assigned." : $"{result.Value.Count} courses assigned.";
        return Redirect($"/organizations/{OrgId}/assignments");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        await assignments.DeleteAsync(OrgId, AssignmentId, ct);
        TempData["Status"] = "Assignment removed.";
        return Redirect($"/organizations/{OrgId}/assignments");
    }

    public string? ErrorFor(string key) => ModelState.TryGetValue(key, out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        Courses = (await db.Courses.AsNoTracking().Join(db.CourseVersions, c => c.CurrentVersionId, v => v.Id, (c, v) => new { c.Id, v.Title })
            .OrderBy(x => x.Title).ToListAsync(ct)).Select(x => (x.Id, x.Title)).ToList();
        var teams = await db.Set<Team>().AsNoTracking().Where(t => t.OrganizationId == OrgId).OrderBy(t => t.Name).ToListAsync(ct);
        var roles = await db.Set<JobRole>().AsNoTracking().Where(t => t.OrganizationId == OrgId).OrderBy(t => t.Name).ToListAsync(ct);
        var people = await db.Set<OrganizationMember>().AsNoTracking().Where(m => m.OrganizationId == OrgId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, Name = u.FamilyName + ", " + u.GivenName, u.Email }).OrderBy(x => x.Name).ToListAsync(ct);
        Targets = teams.Select(t => ($"Team:{t.Id}", $"Team: {t.Name}"))
            .Concat(roles.Select(t => ($"JobRole:{t.Id}", $"Job role: {t.Name}")))
            .Concat(people.Select(p => ($"Person:{p.Id}", $"Person: {p.Name} ({p.Email})"))).ToList();
        var labels = Targets.ToDictionary(t => t.Value, t => t.Label);
        var titles = Courses.ToDictionary(c => c.Id, c => c.Title);
        Rows = (await db.Set<Assignment>().AsNoTracking().Where(a => a.OrganizationId == OrgId).OrderBy(a => a.DueDate).ToListAsync(ct))
            .Select(a => new Row(a.Id, titles.GetValueOrDefault(a.CourseId, a.CourseId),
                labels.GetValueOrDefault($"{a.Target}:{a.UserId ?? a.TeamId ?? a.JobRoleId}", "Former member"),
                a.DueDate, a.RecurrenceMonths, a.IncludeLaterMembers, a.AllowPriorCompletion)).ToList();
    }
}
