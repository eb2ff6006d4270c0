namespace ReferralTraining.Web.Features.Accreditation;

public static class AccreditationExtensions
{
    /// <summary>The accredited provider's reports (issue 22 items 5 and 6, ADR-030): read-only over the other areas' data.</summary>
    public static WebApplicationBuilder AddAccreditation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccreditationOptions>().BindConfiguration(AccreditationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ActivityFileService>();
        builder.Services.AddScoped<ParsActivityExport>();
        return builder;
    }
}
