namespace ReferralTraining.Web.Features.Organizations;

/// <summary>
/// Tenant check for /api/v1/organizations/{orgId}/… (the rule is <see cref="TenantGuard.RefuseApiKeyAsync"/>). ASP.NET Core
/// creates endpoint filters added by type from the request's services, so the guard arrives by constructor injection.
/// </summary>
public sealed class OrganizationApiKeyFilter(TenantGuard tenants) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await tenants.RefuseApiKeyAsync(context.HttpContext) ?? await next(context);
}
