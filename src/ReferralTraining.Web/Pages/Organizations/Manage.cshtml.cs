using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Organizations;
using ReferralTraining.Web.Infrastructure.Web;

namespace ReferralTraining.Web.Pages.Organizations;

/// <summary>Director: members, teams, job roles and invitations. The folder filter answers 404 to anyone else.</summary>
public sealed class ManageModel(AppDbContext db, OrganizationService organizations, TimeProvider clock) : PageModel
{
    public sealed record MemberRow(Guid UserId, string Name, string Email, OrganizationRole Role, Guid? TeamId, Guid? JobRoleId);
    public sealed record InvitationRow(Guid Id, string Email, OrganizationRole Role, DateTimeOffset ExpiresAt, string State);

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty, Display(Name = "E-mail address")] public string? Email { get; set; }
    [BindProperty] public OrganizationRole InviteRole { get; set; } = OrganizationRole.Staff;
    [BindProperty, Display(Name = "Team")] public Guid? TeamId { get; set; }
    [BindProperty, Display(Name = "Job role")] public Guid? JobRoleId { get; set; }
    [BindProperty, Display(Name = "Name")] public string? GroupName { get; set; }
    [BindProperty] public Guid TargetId { get; set; }
    [BindProperty] public bool Confirmed { get; set; }

    /// <summary>Set when removing a member waits for confirmation: the page shows only that step.</summary>
    public ConfirmStep? Confirm { get; private set; }

    public string OrganizationName { get; private set; } = "";
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlyList<InvitationRow> Invitations { get; private set; } = [];
    public IReadOnlyList<Team> Teams { get; private set; } = [];
    public IReadOnlyList<JobRole> JobRoles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostInviteAsync(CancellationToken ct) =>
        Handle(() => organizations.InviteAsync(OrgId, Email, InviteRole, TeamId, JobRoleId, User.UserId(), ct), $"Invitation sent to {Email}.", ct);

    public Task<IActionResult> OnPostResendAsync(CancellationToken ct) => Handle(() => organizations.ResendAsync(OrgId, TargetId, ct), "Invitation sent again with a new link.", ct);

    public Task<IActionResult> OnPostRevokeAsync(CancellationToken ct) => Handle(() => organizations.RevokeAsync(OrgId, TargetId, ct), "Invitation revoked.", ct);

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (Confirmed)
        {
            return await Handle(() => organizations.RemoveMemberAsync(OrgId, TargetId, ct), "Member removed. Their credits and certificates stay theirs.", ct);
        }
        // The first POST only asks: removing deletes the person's assignments here, which nothing brings back.
        var member = await db.Set<OrganizationMember>().AsNoTracking().Where(m => m.OrganizationId == OrgId && m.UserId == TargetId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.GivenName, u.FamilyName, u.Email })
            .SingleOrDefaultAsync(ct);
        if (member is null)
        {
            return await Handle(() => Task.FromResult(OrgResults.Fail<Guid>("This person is not a member.")), "", ct);
        }
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        var name = $"{member.GivenName} {member.FamilyName}";
        Confirm = new ConfirmStep($"Remove {name} ({member.Email}) from {OrganizationName}?",
            $"{name} leaves the organization: the training assigned to them here is deleted and they no longer appear on its compliance page. " +
            "Their enrollments, credits and certificates stay theirs.",
            "The deleted assignments do not come back. To bring the person back, invite them again and assign their training again.",
            "Remove member", $"/organizations/{OrgId}?handler=Remove", $"/organizations/{OrgId}",
            [new("TargetId", TargetId.ToString())]);
        return Page();
    }

    public Task<IActionResult> OnPostGroupsAsync(CancellationToken ct) => Handle(() => organizations.SetGroupsAsync(OrgId, TargetId, TeamId, JobRoleId, ct), "Member updated.", ct);

    public Task<IActionResult> OnPostTeamAsync(CancellationToken ct) => Handle(() => organizations.AddTeamAsync(OrgId, GroupName, ct), $"Team {GroupName} added.", ct);

    public Task<IActionResult> OnPostJobRoleAsync(CancellationToken ct) => Handle(() => organizations.AddJobRoleAsync(OrgId, GroupName, ct), $"Job role {GroupName} added.", ct);

    private async Task<IActionResult> Handle(Func<Task<OrgResult<Guid>>> action, string done, CancellationToken ct)
    {
        var result = await action();
        if (!result.Ok)
        {
            ModelState.AddModelError(result.Field ?? "", result.Error!);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        TempData["Status"] = done;
        return Redirect($"/organizations/{OrgId}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        OrganizationName = await db.Set<Organization>().Where(o => o.Id == OrgId).Select(o => o.Name).SingleAsync(ct);
        Members = await db.Set<OrganizationMember>().AsNoTracking().Where(m => m.OrganizationId == OrgId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u }).OrderBy(x => x.u.FamilyName).ThenBy(x => x.u.GivenName)
            .Select(x => new MemberRow(x.u.Id, x.u.FamilyName + ", " + x.u.GivenName, x.u.Email!, x.m.Role, x.m.TeamId, x.m.JobRoleId))
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        Invitations = (await db.Set<Invitation>().AsNoTracking().Where(i => i.OrganizationId == OrgId && i.AcceptedAt == null)
                .OrderByDescending(i => i.CreatedAt).Take(200).ToListAsync(ct))
            .Select(i => new InvitationRow(i.Id, i.Email, i.Role, i.ExpiresAt, i.RevokedAt is not null ? "Revoked" : i.ExpiresAt <= now ? "Expired" : "Waiting")).ToList();
        Teams = await db.Set<Team>().AsNoTracking().Where(t => t.OrganizationId == OrgId).OrderBy(t => t.Name).ToListAsync(ct);
        JobRoles = await db.Set<JobRole>().AsNoTracking().Where(t => t.OrganizationId == OrgId).OrderBy(t => t.Name).ToListAsync(ct);
    }
}
