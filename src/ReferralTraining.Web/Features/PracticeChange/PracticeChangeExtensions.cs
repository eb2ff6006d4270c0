using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.PracticeChange;

public static class PracticeChangeExtensions
{
    public static WebApplicationBuilder AddPracticeChange(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PracticeChangeOptions>().BindConfiguration(PracticeChangeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<PracticeChangeService>();
        builder.Services.AddScoped<CommitmentPlanner>();
        builder.Services.AddScoped<Certificates.IEvaluationCommitments>(sp => sp.GetRequiredService<CommitmentPlanner>());
        builder.Services.AddScoped<FollowUpJob>();
        builder.Services.AddScoped<ScenarioFidelityReport>();
        builder.Services.AddScoped<NudgePreferences>();
        builder.Services.AddScoped<OutcomesService>();
        return builder;
    }
}
