using Microsoft.AspNetCore.Mvc.Filters;

namespace ReferralTraining.Web.Features.Organizations;

/// <summary>
/// Tenant check for organization pages (the rule is <see cref="TenantGuard.AllowDirectorAsync"/>): a route with {orgId}
/// answers 404 (no data) unless the signed-in person directs that organization. Runs before the handler, so also before
/// a POST's model binding does anything. Pages without {orgId} in this folder must filter by membership themselves.
/// </summary>
public sealed class OrganizationDirectorPageFilter(TenantGuard tenants) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.RouteData.Values.ContainsKey("orgId") && !await tenants.AllowDirectorAsync(context.HttpContext))
        {
            context.Result = new Microsoft.AspNetCore.Mvc.NotFoundResult();
            return;
        }
        await next();
    }
}
