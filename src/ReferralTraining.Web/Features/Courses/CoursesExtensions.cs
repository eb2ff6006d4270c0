using System.ComponentModel.DataAnnotations;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses;

public sealed class CoursesOptions
{
    public const string Section = "Courses";

    /// <summary>The content folder (holding courses/), absolute or relative to the app's content root.</summary>
    [Required]
    public string ContentPath { get; set; } = "../../content";

    /// <summary>Validate and publish changed courses when the app starts.</summary>
    public bool PublishOnStartup { get; set; } = true;
}

public static class CoursesExtensions
{
    public static WebApplicationBuilder AddCourses(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CoursesOptions>().BindConfiguration(CoursesOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Directory.Exists(Path.Combine(builder.Environment.ContentRootPath, o.ContentPath)),
                "Courses:ContentPath does not name an existing folder.")
            .ValidateOnStart();
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<CourseLoader>();
        builder.Services.AddSingleton<ReferralTraining.Web.Features.Quizzes.Content.QuizParser>();
        builder.Services.AddScoped<ContentPublisher>();
        builder.Services.AddScoped<CourseService>();
        builder.Services.AddSingleton<PublishedModuleCache>();
        return builder;
    }
}
