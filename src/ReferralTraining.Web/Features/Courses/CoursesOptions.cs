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
