using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>Recorded against required time for one module.</summary>
public sealed record ModuleReadingTime(int EngagedSeconds, int RequiredSeconds, int EstimatedSeconds)
{
    public int SecondsStillNeeded => Math.Max(0, RequiredSeconds - EngagedSeconds);

    /// <summary>"1 min 5 s", "40 s": short and unambiguous for the messages and reports.</summary>
    public static string Format(int seconds) =>
        seconds >= 60 ? (seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s") : $"{seconds} s";
}
