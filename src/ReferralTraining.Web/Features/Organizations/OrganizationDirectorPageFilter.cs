using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>
/// Tenant check for organization pages: a route with {orgId} answers 404 (no data) unless the signed-in
/// person directs that organization. Pages without {orgId} in this folder must filter by membership themselves.
/// </summary>
public sealed class OrganizationDirectorPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (context.RouteData.Values.ContainsKey("orgId") && !await OrganizationsExtensions.IsDirectorOfRouteOrganizationAsync(http))
        {
            // A signed-in person asking for an organization they do not direct is worth a line in the security log
            // (ASVS 16.3.2); the answer stays a plain 404 that says nothing about the organization.
            if (http.User.TryGetUserId() is { } userId)
            {
                await http.RequestServices.GetRequiredService<SecurityAuditLog>().RecordAsync(
                    SecurityEventKind.TenantRefused, userId, http.User.Identity?.Name, $"{http.Request.Method} {http.Request.Path}");
            }
            context.Result = new Microsoft.AspNetCore.Mvc.NotFoundResult();
            return;
        }
        await next();
    }
}
