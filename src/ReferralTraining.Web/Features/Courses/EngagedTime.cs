using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Features.Courses;

/// <summary>
/// Active time a learner spent on one module, measured by the server's clock only (ADR-017). The page being served and
/// each heartbeat move <see cref="LastSeenAt"/>; the seconds between two of them are credited, capped, so a client cannot
/// report time it did not spend.
/// </summary>
public sealed class ModuleEngagement
{
    public Guid EnrollmentId { get; set; }
    public int ModuleNumber { get; set; }
    public int EngagedSeconds { get; set; }
    /// <summary>Server time of the last page view or heartbeat; the next credit is measured from here.</summary>
    public DateTimeOffset? LastSeenAt { get; set; }
    /// <summary>A heartbeat arrived since the page was last served: the script is running, so gaps are capped short.</summary>
    public bool ScriptActive { get; set; }
    /// <summary>The page reported it was hidden (another tab, minimized): nothing is credited until it is visible again.</summary>
    public bool Paused { get; set; }
}

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

/// <summary>Recorded against required time for one module.</summary>
public sealed record ModuleReadingTime(int EngagedSeconds, int RequiredSeconds, int EstimatedSeconds)
{
    public int SecondsStillNeeded => Math.Max(0, RequiredSeconds - EngagedSeconds);

    /// <summary>"1 min 5 s", "40 s": short and unambiguous for the messages and reports.</summary>
    public static string Format(int seconds) =>
        seconds >= 60 ? (seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s") : $"{seconds} s";
}

internal sealed class ModuleEngagementConfiguration : IEntityTypeConfiguration<ModuleEngagement>
{
    public void Configure(EntityTypeBuilder<ModuleEngagement> b)
    {
        b.ToTable("module_engagement");
        b.HasKey(e => new { e.EnrollmentId, e.ModuleNumber });
        b.HasOne<Enrollment>().WithMany().HasForeignKey(e => e.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
