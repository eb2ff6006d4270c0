
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
        builder.Services.AddScoped<NotificationService>();
        builder.Services.AddScoped<ApiKeyService>();
        builder.Services.AddScoped<TenantGuard>();
        builder.Services.AddScoped<OrganizationDirectorPageFilter>();
        return builder;
    }

    /// <summary>Every page in Pages/Organizations needs a signed-in person, and a director of the {orgId} in its route.</summary>
    public static void AddOrganizationConventions(this Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions options)
    {
        options.Conventions.AuthorizeFolder(PagesFolder);
        options.Conventions.AddFolderApplicationModelConvention(PagesFolder, model => model.Filters.Add(new Microsoft.AspNetCore.Mvc.ServiceFilterAttribute(typeof(OrganizationDirectorPageFilter))));
    }
}
