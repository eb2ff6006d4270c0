using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.Scorm;

public sealed class ScormOptions
{
    public const string Section = "Scorm";

    /// <summary>How long a signed launch URL stays valid after the launcher signed it.</summary>
    [Range(30, 3600)] public int LaunchMaxAgeSeconds { get; set; } = 300;

    /// <summary>How far ahead of the server's clock the learner's computer may be when it signs.</summary>
    [Range(0, 900)] public int LaunchClockSkewSeconds { get; set; } = 300;
}
