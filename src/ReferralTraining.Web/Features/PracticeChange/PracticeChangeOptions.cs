using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>Follow-up schedule and privacy rules (configuration section "PracticeChange"; README "Practice-change follow-up").</summary>
public sealed class PracticeChangeOptions
{
    public const string Section = "PracticeChange";

    /// <summary>Days after a nudge with no answer before the one reminder; after that, silence.</summary>
    [Range(1, 30)] public int ReminderAfterDays { get; set; } = 7;

    /// <summary>Local hour (recipient's time zone) when quiet hours start; nothing is sent from then…</summary>
    [Range(0, 23)] public int QuietHoursStart { get; set; } = 21;

    /// <summary>…until this local hour.</summary>
    [Range(0, 23)] public int QuietHoursEnd { get; set; } = 8;

    /// <summary>People handled per batch by the scheduler (memory stays flat in the number due).</summary>
    [Range(10, 20_000)] public int BatchSize { get; set; } = 1000;

    /// <summary>How long a follow-up link works.</summary>
    [Range(1, 90)] public int TokenLifetimeDays { get; set; } = 21;

    /// <summary>How long the final follow-up stays open after it is due (earlier ones stay open until the next is due).</summary>
    [Range(7, 180)] public int FinalWindowDays { get; set; } = 30;

    /// <summary>Outcome cells describing fewer people than this are suppressed.</summary>
    [Range(2, 50)] public int MinimumCellSize { get; set; } = 5;
}

public sealed record SelfCheckQuestion(string Id, string Text, string CourseId);
