using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Email;

namespace ReferralTraining.Web.Features.Organizations;

public sealed class OrganizationService(
    AppDbContext db, EmailService email, TimeProvider clock, UserManager<AppUser> users,
    Microsoft.Extensions.Options.IOptions<OrganizationsOptions> options, ReferralTraining.Web.Infrastructure.Web.PublicLinks links,
    UserSessions sessions)
{
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));


    public Task<OrganizationMember?> MembershipAsync(Guid organizationId, Guid userId, CancellationToken ct) =>
        db.Set<OrganizationMember>().AsNoTracking().SingleOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct);

    /// <summary>Admin: creates the organization and its first director (an existing account joins at once; anyone else is invited).</summary>
    public async Task<OrgResult<Guid>> CreateOrganizationAsync(string? name, string? directorEmail, Guid actorId, CancellationToken ct)
    {
        name = name?.Trim();
        directorEmail = directorEmail?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            return OrgResults.Fail<Guid>("Enter the organization's name (200 characters at most).", "Name");
        }
        if (!IsEmail(directorEmail))
        {
            return OrgResults.Fail<Guid>("Enter the director's e-mail address, like name@example.org.", "DirectorEmail");
        }
        if (await db.Set<Organization>().AnyAsync(o => o.Name == name, ct))
        {
            return OrgResults.Fail<Guid>("An organization with this name already exists.", "Name");
        }
        var organization = new Organization { Id = Guid.NewGuid(), Name = name, CreatedAt = clock.GetUtcNow() };
        db.Add(organization);
        var existing = await users.FindByEmailAsync(directorEmail!);
        if (existing is not null)
        {
            db.Add(new OrganizationMember { OrganizationId = organization.Id, UserId = existing.Id, Role = OrganizationRole.Director, JoinedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            await EnsureRoleAsync(existing, Roles.ProgramDirector);
            await email.QueueAsync(new EmailMessage(existing.Email!, existing.DisplayName, $"You direct {name} on ReferralTraining",
                $"You are now a director of {name}. Invite your staff and assign their training.", "Open the organization",
                links.Organization(organization.Id),
                "You received this because an administrator made you a director of this organization."), ct);
            return new(organization.Id);
        }
        await db.SaveChangesAsync(ct);
        var invited = await InviteAsync(organization.Id, directorEmail, OrganizationRole.Director, null, null, actorId, ct);
        return invited.Ok ? new(organization.Id) : OrgResults.Fail<Guid>(invited.Error!, invited.Field);
    }

    private async Task EnsureRoleAsync(AppUser user, string role)
    {
        if (!await users.IsInRoleAsync(user, role))
        {
            await users.AddToRoleAsync(user, role);
        }
    }

    /// <summary>"jo•••@ex•••.org": enough for the owner to recognize, not enough to harvest the address.</summary>
    public static string MaskEmail(string address)
    {
        var at = address.IndexOf('@');
        if (at <= 0)
        {
            return "another address";
        }
        var local = address[..at];
        var domain = address[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var host = dot > 0 ? domain[..dot] : domain;
        var tld = dot > 0 ? domain[dot..] : "";
        static string Keep(string s, int n) => s.Length <= n ? s[..Math.Min(1, s.Length)] + "•••" : s[..n] + "•••";
        return $"{Keep(local, 2)}@{Keep(host, 2)}{tld}";
    }

    private static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 256 && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(value) && value.Contains('.', StringComparison.Ordinal);

    public async Task<OrgResult<Guid>> InviteAsync(Guid organizationId, string? emailAddress, OrganizationRole role, Guid? teamId, Guid? jobRoleId,
        Guid? inviterId, CancellationToken ct)
    {
        emailAddress = emailAddress?.Trim();
        if (!IsEmail(emailAddress))
        {
            return OrgResults.Fail<Guid>("Enter an e-mail address, like name@example.org.", "Email");
        }
        if (teamId is not null && !await db.Set<Team>().AnyAsync(t => t.Id == teamId && t.OrganizationId == organizationId, ct))
        {
            return OrgResults.Fail<Guid>("Choose a team of this organization.", "TeamId");
        }
        if (jobRoleId is not null && !await db.Set<JobRole>().AnyAsync(t => t.Id == jobRoleId && t.OrganizationId == organizationId, ct))
        {
            return OrgResults.Fail<Guid>("Choose a job role of this organization.", "JobRoleId");
        }
        var normalized = emailAddress!.ToUpperInvariant();
        if (await db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == organizationId && db.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == normalized), ct))
        {
            return OrgResults.Fail<Guid>("This person is already a member.", "Email");
        }
        var now = clock.GetUtcNow();
        if (await db.Set<Invitation>().AnyAsync(i => i.OrganizationId == organizationId && i.NormalizedEmail == normalized
                && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct))
        {
            return OrgResults.Fail<Guid>("This person already has an open invitation. Re-send it instead.", "Email");
        }
        var token = NewToken();
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, Email = emailAddress, NormalizedEmail = normalized, Role = role, TeamId = teamId, JobRoleId = jobRoleId,
            TokenHash = HashToken(token), CreatedAt = now, ExpiresAt = now.AddDays(options.Value.InvitationDays), InvitedByUserId = inviterId,
        };
        db.Add(invitation);
        await db.SaveChangesAsync(ct);
        await SendInvitationAsync(invitation, token, ct);
        return new(invitation.Id);
    }

    private async Task SendInvitationAsync(Invitation invitation, string token, CancellationToken ct)
    {
        var name = await db.Set<Organization>().Where(o => o.Id == invitation.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        var what = invitation.Role == OrganizationRole.Director ? "a director" : "a staff member";
        await email.QueueAsync(new EmailMessage(invitation.Email, invitation.Email, $"Join {name} on ReferralTraining",
            $"You are invited to join {name} as {what}. Your training assignments and their due dates will appear on your home page. The link works once and expires on {Accounts.TimeZones.Format(invitation.ExpiresAt, "UTC")}.",
            "Accept the invitation", links.Invitation(token),
            $"You received this because a director of {name} invited this address. If you did not expect it, ignore this e-mail."), ct);
    }

    /// <summary>Sends a new link (the old one stops working) and extends the expiry.</summary>
    public async Task<OrgResult<Guid>> ResendAsync(Guid organizationId, Guid invitationId, CancellationToken ct)
    {
        var invitation = await db.Set<Invitation>().SingleOrDefaultAsync(i => i.Id == invitationId && i.OrganizationId == organizationId, ct);
        if (invitation is null || invitation.AcceptedAt is not null || invitation.RevokedAt is not null)
        {
            return OrgResults.Fail<Guid>("This invitation can no longer be re-sent.");
        }
        var token = NewToken();
        invitation.TokenHash = HashToken(token);
        invitation.ExpiresAt = clock.GetUtcNow().AddDays(options.Value.InvitationDays);
        await db.SaveChangesAsync(ct);
        await SendInvitationAsync(invitation, token, ct);
        return new(invitation.Id);
    }

    public async Task<OrgResult<Guid>> RevokeAsync(Guid organizationId, Guid invitationId, CancellationToken ct)
    {
        var changed = await db.Set<Invitation>()
            .Where(i => i.Id == invitationId && i.OrganizationId == organizationId && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, clock.GetUtcNow()), ct);
        return changed == 1 ? new(invitationId) : OrgResults.Fail<Guid>("This invitation is already used or revoked.");
    }

    /// <summary>What the accept page shows before the person accepts.</summary>
    public async Task<(Invitation? Invitation, string? OrganizationName, string? Problem)> LookupAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return (null, null, "This invitation link is not valid. Ask your director to send a new one.");
        }
        var hash = HashToken(token);
        var invitation = await db.Set<Invitation>().AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return (null, null, "This invitation link is not valid. It may have been replaced by a newer one; ask your director to send a new one.");
        }
        var name = await db.Set<Organization>().Where(o => o.Id == invitation.OrganizationId).Select(o => o.Name).SingleAsync(ct);
        if (invitation.AcceptedAt is not null)
        {
            return (invitation, name, "This invitation has already been used.");
        }
        if (invitation.RevokedAt is not null)
        {
            return (invitation, name, "This invitation was withdrawn by the organization.");
        }
        if (invitation.ExpiresAt <= clock.GetUtcNow())
        {
            return (invitation, name, "This invitation has expired. Ask your director to re-send it.");
        }
        return (invitation, name, null);
    }

    /// <summary>Accepts into the signed-in account. Single use even under concurrent requests.</summary>
    public async Task<OrgResult<Guid>> AcceptAsync(string? token, Guid userId, CancellationToken ct)
    {
        var (invitation, _, problem) = await LookupAsync(token, ct);
        if (problem is not null)
        {
            return OrgResults.Fail<Guid>(problem);
        }
        // An invitation is for its addressee: a forwarded or leaked link must not make someone else a member (or a
        // director). The account's own address must be the invited one, and confirmed.
        var account = await users.FindByIdAsync(userId.ToString());
        if (account is null || !account.EmailConfirmed
            || !string.Equals(account.NormalizedEmail, invitation!.NormalizedEmail, StringComparison.Ordinal))
        {
            return OrgResults.Fail<Guid>(
                $"This invitation was sent to {MaskEmail(invitation!.Email)}, not to the address of the account you are signed in with. " +
                "Sign out and sign in (or create an account) with the invited address, or ask the director to invite your address.", "WrongAccount");
        }
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        var claimed = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Single use: only one request can flip AcceptedAt from null.
            var rows = await db.Set<Invitation>()
                .Where(i => i.Id == invitation!.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedUserId, userId), ct);
            if (rows != 1)
            {
                return false;
            }
            var member = await db.Set<OrganizationMember>().SingleOrDefaultAsync(m => m.OrganizationId == invitation!.OrganizationId && m.UserId == userId, ct);
            if (member is null)
            {
                db.Add(new OrganizationMember
                {
                    OrganizationId = invitation!.OrganizationId, UserId = userId, Role = invitation.Role,
                    TeamId = invitation.TeamId, JobRoleId = invitation.JobRoleId, JoinedAt = now,
                });
            }
            else if (invitation!.Role == OrganizationRole.Director)
            {
                member.Role = OrganizationRole.Director;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });
        if (!claimed)
        {
            return OrgResults.Fail<Guid>("This invitation has already been used.");
        }
        if (invitation!.Role == OrganizationRole.Director)
        {
            var user = await users.FindByIdAsync(userId.ToString());
            await EnsureRoleAsync(user!, Roles.ProgramDirector);
        }
        return new(invitation.OrganizationId);
    }

    /// <summary>
    /// Adds an account as staff (with a job role of this organization, or none) unless it is already a member: a first
    /// sign-in through the organization's provider (Features/Sso). Saves in the caller's transaction, if any.
    /// </summary>
    public async Task JoinAsStaffAsync(Guid organizationId, Guid userId, Guid? jobRoleId, CancellationToken ct)
    {
        if (await db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct))
        {
            return;
        }
        if (jobRoleId is { } roleId && !await db.Set<JobRole>().AnyAsync(r => r.Id == roleId && r.OrganizationId == organizationId, ct))
        {
            jobRoleId = null;
        }
        db.Add(new OrganizationMember { OrganizationId = organizationId, UserId = userId, Role = OrganizationRole.Staff, JobRoleId = jobRoleId, JoinedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes a member from the organization. Their enrollments, credits and certificates are theirs and stay.</summary>
    public async Task<OrgResult<Guid>> RemoveMemberAsync(Guid organizationId, Guid userId, CancellationToken ct)
    {
        var member = await db.Set<OrganizationMember>().SingleOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct);
        if (member is null)
        {
            return OrgResults.Fail<Guid>("This person is not a member.");
        }
        if (member.Role == OrganizationRole.Director
            && await db.Set<OrganizationMember>().CountAsync(m => m.OrganizationId == organizationId && m.Role == OrganizationRole.Director, ct) == 1)
        {
            return OrgResults.Fail<Guid>("An organization needs at least one director. Invite another director first.");
        }
        db.Remove(member);
        await db.Set<Assignment>().Where(a => a.OrganizationId == organizationId && a.UserId == userId).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        // Their sessions end (issue 23): one started through the organization's sign-in must not outlive the membership.
        // A new stamp refuses cookies on other instances at their next check; ending the rows refuses them here at once.
        if (await users.FindByIdAsync(userId.ToString()) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        await sessions.EndAllAsync(userId, null, ct);
        return new(userId);
    }

    /// <summary>
    /// Adds an account as staff unless it already belongs to the organization: for people who arrive from the
    /// organization's own systems (an LMS launch, ADR-031) rather than an invitation. True when it was added.
    /// </summary>
    public async Task<bool> EnsureStaffAsync(Guid organizationId, Guid userId, CancellationToken ct)
    {
        if (await db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct))
        {
            return false;
        }
        db.Add(new OrganizationMember { OrganizationId = organizationId, UserId = userId, Role = OrganizationRole.Staff, JoinedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear(); // added at the same moment by another request
            return false;
        }
    }

    public async Task<OrgResult<Guid>> AddTeamAsync(Guid organizationId, string? name, CancellationToken ct) => await AddGroupAsync<Team>(organizationId, name, "team",
        n => db.Set<Team>().AnyAsync(t => t.OrganizationId == organizationId && t.Name == n, ct), n => new Team { Id = Guid.NewGuid(), OrganizationId = organizationId, Name = n }, ct);

    public async Task<OrgResult<Guid>> AddJobRoleAsync(Guid organizationId, string? name, CancellationToken ct) => await AddGroupAsync<JobRole>(organizationId, name, "job role",
        n => db.Set<JobRole>().AnyAsync(t => t.OrganizationId == organizationId && t.Name == n, ct), n => new JobRole { Id = Guid.NewGuid(), OrganizationId = organizationId, Name = n }, ct);

    private async Task<OrgResult<Guid>> AddGroupAsync<T>(Guid organizationId, string? name, string what, Func<string, Task<bool>> exists, Func<string, T> create, CancellationToken ct) where T : class
    {
        _ = organizationId;
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return OrgResults.Fail<Guid>($"Enter the {what}'s name (100 characters at most).", "GroupName");
        }
        if (await exists(name))
        {
            return OrgResults.Fail<Guid>($"There is already a {what} with this name.", "GroupName");
        }
        var entity = create(name);
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        return new((Guid)typeof(T).GetProperty("Id")!.GetValue(entity)!);
    }

    /// <summary>Puts a member in a team and a job role (null for none).</summary>
    public async Task<OrgResult<Guid>> SetGroupsAsync(Guid organizationId, Guid userId, Guid? teamId, Guid? jobRoleId, CancellationToken ct)
    {
        var member = await db.Set<OrganizationMember>().SingleOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct);
        if (member is null)
        {
            return OrgResults.Fail<Guid>("This person is not a member.");
        }
        if (teamId is not null && !await db.Set<Team>().AnyAsync(t => t.Id == teamId && t.OrganizationId == organizationId, ct))
        {
            return OrgResults.Fail<Guid>("Choose a team of this organization.", "TeamId");
        }
        if (jobRoleId is not null && !await db.Set<JobRole>().AnyAsync(t => t.Id == jobRoleId && t.OrganizationId == organizationId, ct))
        {
            return OrgResults.Fail<Guid>("Choose a job role of this organization.", "JobRoleId");
        }
        member.TeamId = teamId;
        member.JobRoleId = jobRoleId;
        await db.SaveChangesAsync(ct);
        return new(userId);
    }
}
