namespace ReferralTraining.Web.Features.Scenarios;

public static class ScenariosExtensions
{
    public static WebApplicationBuilder AddScenarios(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ScenarioService>();
        builder.Services.AddScoped<ScenarioAnalysis>();
        builder.Services.AddScoped<ScenarioFidelityReport>();
        builder.Services.AddScoped<PracticeChange.IMissedChecklistItems, MissedChecklistItems>();
        return builder;
    }
}
