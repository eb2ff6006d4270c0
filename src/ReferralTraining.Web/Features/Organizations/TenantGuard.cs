using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>
/// Tenant isolation in one place: whether a request may act for the organization in its route ({orgId}).
/// Organization pages ask through <see cref="OrganizationDirectorPageFilter"/> (a director of that organization),
/// the HR API through <see cref="OrganizationApiKeyFilter"/> (a key of that organization). A refusal is a plain
/// 404 that says nothing about the organization, and a line in the security log (ASVS 16.3.2).
/// </summary>
public sealed class TenantGuard(AppDbContext db, ApiKeyService keys, SecurityAuditLog audit)
{
    public static Guid? RouteOrganizationId(HttpContext http) =>
        Guid.TryParse(http.Request.RouteValues["orgId"]?.ToString(), out var id) ? id : null;

    public Task<bool> IsDirectorAsync(Guid organizationId, Guid userId, CancellationToken ct = default) =>
        db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == organizationId && m.UserId == userId && m.Role == OrganizationRole.Director, ct);

    /// <summary>Pages: true when the signed-in person directs the organization in the route; anything else is refused and recorded.</summary>
    public async Task<bool> AllowDirectorAsync(HttpContext http)
    {
        var userId = http.User.Identity?.IsAuthenticated == true ? http.User.TryGetUserId() : null;
        if (userId is { } user && RouteOrganizationId(http) is { } orgId && await IsDirectorAsync(orgId, user, http.RequestAborted))
        {
            return true;
        }
        // A signed-in person asking for an organization they do not direct is worth a line in the security log.
        if (userId is not null)
        {
            await audit.RecordAsync(SecurityEventKind.TenantRefused, userId, http.User.Identity?.Name, $"{http.Request.Method} {http.Request.Path}");
        }
        return false;
    }

    /// <summary>
    /// The HR API: null when the request's bearer key belongs to the organization in the route; otherwise the problem to
    /// answer (401 without a valid key, 404 for another organization's key).
    /// </summary>
    public async Task<IResult?> RefuseApiKeyAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var secret = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var keyOrg = await keys.OrganizationOfAsync(secret, http.RequestAborted);
        if (keyOrg is null)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                audit.Refused("organization API key unknown or revoked");
            }
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem("Send an organization API key as 'Authorization: Bearer <key>'. Directors create keys on the organization's API keys page.",
                statusCode: StatusCodes.Status401Unauthorized, title: "API key required");
        }
        if (RouteOrganizationId(http) != keyOrg)
        {
            await audit.RecordAsync(SecurityEventKind.TenantRefused, null, null,
                $"API key of organization {keyOrg} used for {http.Request.Method} {http.Request.Path}");
            return TypedResults.Problem("There is no such organization.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }
        return null;
    }
}
