namespace ReferralTraining.Web.Features.Scenarios;

public static class ScenariosExtensions
{
    public static WebApplicationBuilder AddScenarios(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ScenarioService>();
        builder.Services.AddScoped<ScenarioAnalysis>();
        builder.Services.AddScoped<IMissedChecklistItems, MissedChecklistItems>();
        return builder;
    }
}
