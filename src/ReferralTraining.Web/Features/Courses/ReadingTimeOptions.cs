using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Courses;

public sealed class ReadingTimeOptions
{
    public const string Section = "ReadingTime";

    /// <summary>Share of a module's estimated reading time (words / 200 per minute) that must be recorded before it can be marked read.</summary>
    [Range(0.0, 1.0)]
    public double MinimumShare { get; set; } = 0.5;

    /// <summary>How often the module page's script reports that the page is still open and visible.</summary>
    [Range(5, 120)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>The most one heartbeat can credit (a sleeping laptop or a throttled tab must not earn its gap).</summary>
    [Range(5, 600)]
    public int MaxCreditPerHeartbeatSeconds { get; set; } = 30;

    /// <summary>Estimated reading time of a module in seconds (the same 200 words per minute as estimated_minutes).</summary>
    public static int EstimatedSeconds(int wordCount) => (int)Math.Ceiling(wordCount * 60.0 / Content.SeatTime.WordsPerMinute);

    public int RequiredSeconds(int wordCount) => (int)Math.Ceiling(EstimatedSeconds(wordCount) * MinimumShare);
}
