using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Quizzes;

public static class QuizzesExtensions
{
    public static WebApplicationBuilder AddQuizzes(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<QuizService>();
        builder.Services.AddSingleton<QuizPoolCache>();
        builder.Services.AddScoped<ItemAnalysis>();
        builder.Services.AddOptions<QuizzesOptions>().BindConfiguration(QuizzesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
