using Microsoft.Extensions.Options;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.ReferralMenu;

/// <summary>The directory, loaded once at start-up (it is content, changed by deploying content).</summary>
public sealed class ReferralMenuProvider
{
    public ReferralMenuProvider(IOptions<CoursesOptions> options, IWebHostEnvironment environment, ILogger<ReferralMenuProvider> logger)
    {
        var root = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.ContentPath));
        var errors = new List<ContentError>();
        Content = ReferralMenuLoader.Load(root, errors);
        Errors = errors;
        foreach (var error in errors)
        {
            logger.LogError("Referral menu error {ContentError}", error.ToString());
        }
    }

    /// <summary>Null when the file is missing or invalid (the page says so; admins see the errors).</summary>
    public ReferralMenuContent? Content { get; }

    public IReadOnlyList<ContentError> Errors { get; }
}
