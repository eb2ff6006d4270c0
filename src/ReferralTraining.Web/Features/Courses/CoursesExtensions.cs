using System.ComponentModel.DataAnnotations;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses;

public static class CoursesExtensions
{
    public static WebApplicationBuilder AddCourses(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CoursesOptions>().BindConfiguration(CoursesOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Directory.Exists(Path.Combine(builder.Environment.ContentRootPath, o.ContentPath)),
                "Courses:ContentPath does not name an existing folder.")
            .ValidateOnStart();
        builder.Services.AddOptions<ReadingTimeOptions>().BindConfiguration(ReadingTimeOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.MaxCreditPerHeartbeatSeconds >= o.HeartbeatSeconds,
                "ReadingTime:MaxCreditPerHeartbeatSeconds must be at least ReadingTime:HeartbeatSeconds, or steady reading would lose time.")
            .ValidateOnStart();
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<CourseLoader>();
        builder.Services.AddSingleton<ReferralTraining.Web.Features.Courses.Content.Quizzes.QuizParser>();
        builder.Services.AddScoped<ContentPublisher>();
        builder.Services.AddScoped<CourseService>();
        builder.Services.AddScoped<ReadingTimeReport>();
        builder.Services.AddSingleton<PublishedModuleCache>();
        builder.Services.AddSingleton<CatalogCache>();
        return builder;
    }
}
