using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.AspNetCore.Identity;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

public sealed record MemberUpsert(string? Email, string? GivenName, string? FamilyName, string? Team, string? JobRole);

public sealed record AssignmentCreate(
    IReadOnlyList<string>? CourseIds, string? Target, string? Team, string? JobRole, string? ExternalId,
    DateOnly? DueDate, int? RecurrenceMonths, bool? IncludeLaterMembers, bool? AllowPriorCompletion);

public sealed record StatusRow(
    string? ExternalId, string Email, string Name, string? Team, string? JobRole, string CourseId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ComplianceStatus>))] ComplianceStatus Status,
    DateOnly DueDate, DateOnly? CompletedOn, int? Score);

/// <summary>
/// /api/v1/organizations/{orgId}/…: for HR systems. Every call needs "Authorization: Bearer {key}" with a key
/// of that organization: no key → 401, another organization's key → 404. Every error is problem details.
/// </summary>
public static class OrganizationsApi
{
    public static RouteGroupBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/organizations/{orgId:guid}").WithTags("Organizations").AddEndpointFilter<OrganizationApiKeyFilter>();
        group.MapPut("/members/{externalId}", UpsertMemberAsync);
        group.MapPost("/assignments", CreateAssignmentAsync);
        group.MapGet("/status", StatusAsync);
        return group;
    }

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request has invalid fields.");

    private static async Task<Guid?> GroupIdAsync<T>(AppDbContext db, Guid orgId, string? name, Func<string, T> create, CancellationToken ct) where T : class
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        name = name.Trim();
        var id = typeof(T) == typeof(Team)
            ? await db.Set<Team>().Where(t => t.OrganizationId == orgId && t.Name == name).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct)
            : await db.Set<JobRole>().Where(t => t.OrganizationId == orgId && t.Name == name).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
        if (id is not null)
        {
            return id;
        }
        var entity = create(name);
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        return (Guid)typeof(T).GetProperty("Id")!.GetValue(entity)!;
    }

    /// <summary>Idempotent: the same call twice leaves the same state. Existing accounts become members; others are invited.</summary>
    private static async Task<IResult> UpsertMemberAsync(Guid orgId, string externalId, MemberUpsert? body, AppDbContext db,
        OrganizationService organizations, UserManager<AppUser> users, HttpRequest request, TimeProvider clock, CancellationToken ct)
    {
        if (body is null)
        {
            return Invalid("body", "Send a JSON object with email, givenName, familyName, and optionally team and jobRole.");
        }
        if (string.IsNullOrWhiteSpace(externalId) || externalId.Length > 100)
        {
            return Invalid("externalId", "The external id is 1 to 100 characters.");
        }
        if (string.IsNullOrWhiteSpace(body.Email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(body.Email))
        {
            return Invalid("email", "Enter an e-mail address, like name@example.org.");
        }
        if (body.Team?.Length > 100 || body.JobRole?.Length > 100)
        {
            return Invalid(body.Team?.Length > 100 ? "team" : "jobRole", "Names are at most 100 characters.");
        }
        var teamId = await GroupIdAsync(db, orgId, body.Team, n => new Team { Id = Guid.NewGuid(), OrganizationId = orgId, Name = n }, ct);
        var roleId = await GroupIdAsync(db, orgId, body.JobRole, n => new JobRole { Id = Guid.NewGuid(), OrganizationId = orgId, Name = n }, ct);
        var member = await db.Set<OrganizationMember>().SingleOrDefaultAsync(m => m.OrganizationId == orgId && m.ExternalId == externalId, ct);
        var user = await users.FindByEmailAsync(body.Email.Trim());
        if (member is null && user is not null)
        {
            member = await db.Set<OrganizationMember>().SingleOrDefaultAsync(m => m.OrganizationId == orgId && m.UserId == user.Id, ct);
        }
        if (member is not null)
        {
            member.ExternalId = externalId;
            member.TeamId = teamId;
            member.JobRoleId = roleId;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(new { externalId, status = "member", userId = member.UserId });
        }
        var normalized = body.Email.Trim().ToUpperInvariant();
        var now = clock.GetUtcNow();
        var open = await db.Set<Invitation>().AnyAsync(i => i.OrganizationId == orgId && i.NormalizedEmail == normalized && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, ct);
        if (!open)
        {
            var invited = await organizations.InviteAsync(orgId, body.Email, OrganizationRole.Staff, teamId, roleId, null, ct);
            if (!invited.Ok)
            {
                return Invalid("email", invited.Error!);
            }
        }
        return TypedResults.Accepted((string?)null, new { externalId, status = "invited" });
    }

    private static async Task<IResult> CreateAssignmentAsync(Guid orgId, AssignmentCreate? body, AppDbContext db, AssignmentService assignments, CancellationToken ct)
    {
        if (body is null)
        {
            return Invalid("body", "Send a JSON object with courseIds, target (team, jobRole or person), the target's name or externalId, and dueDate.");
        }
        var target = body.Target?.ToUpperInvariant() switch
        {
            "TEAM" => AssignmentTarget.Team,
            "JOBROLE" => AssignmentTarget.JobRole,
            "PERSON" => AssignmentTarget.Person,
            _ => (AssignmentTarget)0,
        };
        if (target == 0)
        {
            return Invalid("target", "target is team, jobRole or person.");
        }
        Guid? targetId = target switch
        {
            AssignmentTarget.Team => await db.Set<Team>().Where(t => t.OrganizationId == orgId && t.Name == body.Team).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct),
            AssignmentTarget.JobRole => await db.Set<JobRole>().Where(t => t.OrganizationId == orgId && t.Name == body.JobRole).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct),
            _ => await db.Set<OrganizationMember>().Where(m => m.OrganizationId == orgId && m.ExternalId == body.ExternalId).Select(m => (Guid?)m.UserId).SingleOrDefaultAsync(ct),
        };
        if (targetId is null)
        {
            return Invalid(target == AssignmentTarget.Person ? "externalId" : target == AssignmentTarget.Team ? "team" : "jobRole",
                "No such team, job role or member (by external id) in this organization.");
        }
        var result = await assignments.CreateAsync(orgId, new AssignmentRequest(body.CourseIds ?? [], target, targetId, body.DueDate,
            body.RecurrenceMonths, body.IncludeLaterMembers ?? true, body.AllowPriorCompletion ?? false), null, "UTC", ct);
        if (!result.Ok)
        {
            return result.Error!.StartsWith("Already assigned", StringComparison.Ordinal)
                ? TypedResults.Problem(result.Error, statusCode: StatusCodes.Status409Conflict, title: "Duplicate assignment")
                : Invalid(char.ToLowerInvariant(result.Field![0]) + result.Field[1..], result.Error);
        }
        return TypedResults.Created((string?)null, new { ids = result.Value });
    }

    private static async Task<IResult> StatusAsync(Guid orgId, AppDbContext db, ComplianceService compliance, CancellationToken ct)
    {
        var report = await compliance.ReportAsync(orgId, new ComplianceFilter(), allPages: true, ct);
        var external = await db.Set<OrganizationMember>().Where(m => m.OrganizationId == orgId && m.ExternalId != null)
            .ToDictionaryAsync(m => m.UserId, m => m.ExternalId, ct);
        return TypedResults.Ok(report.People.SelectMany(p => p.Cells.Values.Select(c => new StatusRow(
            external.GetValueOrDefault(p.UserId), p.Email, p.Name, p.Team, p.JobRole, c.CourseId, c.Status, c.DueDate, c.CompletedOn, c.Score))).ToList());
    }
}
