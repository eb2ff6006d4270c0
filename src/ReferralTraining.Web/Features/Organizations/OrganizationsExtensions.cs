using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

public static class OrganizationsExtensions
{
    public const string PagesFolder = "/Organizations";

    public static WebApplicationBuilder AddOrganizations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrganizationsOptions>().BindConfiguration(OrganizationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<OrganizationService>();
        builder.Services.AddScoped<AssignmentService>();
        builder.Services.AddScoped<ComplianceService>();
        builder.Services.AddOptions<AssignmentsOptions>().BindConfiguration(AssignmentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ReminderJob>();
        builder.Services.AddScoped<ApiKeyService>();
        return builder;
    }

    /// <summary>Every page in Pages/Organizations needs a signed-in person, and a director of the {orgId} in its route.</summary>
    public static void AddOrganizationConventions(this Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions options)
    {
        options.Conventions.AuthorizeFolder(PagesFolder);
        options.Conventions.AddFolderApplicationModelConvention(PagesFolder, model => model.Filters.Add(new OrganizationDirectorPageFilter()));
    }

    /// <summary>True when the signed-in user directs the organization in the route. Anything else is treated as not found.</summary>
    public static async Task<bool> IsDirectorOfRouteOrganizationAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true
            || !Guid.TryParse(http.Request.RouteValues["orgId"]?.ToString(), out var orgId)
            || http.User.TryGetUserId() is not { } userId)
        {
            return false;
        }
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        return await db.Set<OrganizationMember>().AnyAsync(m => m.OrganizationId == orgId && m.UserId == userId && m.Role == OrganizationRole.Director);
    }
}
