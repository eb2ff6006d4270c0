using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// One scheduled follow-up of an enrollment's commitments (one per offset). The unique (enrollment, offset)
/// index and the conditional updates of <see cref="NudgedAt"/> and <see cref="ReminderSentAt"/> make every
/// nudge happen at most once per commitment and offset, whatever job runs overlap.
/// </summary>
public sealed class FollowUp
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public string CourseId { get; set; } = "";
    public Guid CourseVersionId { get; set; }
    public int OffsetDays { get; set; }
    /// <summary>Position in the course's schedule (0-based); the last one earns practice-improvement credit.</summary>
    public int Sequence { get; set; }
    public bool IsFinal { get; set; }
    public DateTimeOffset CompletedCourseAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Answers can be changed until this moment (the next follow-up's due time).</summary>
    public DateTimeOffset EditableUntil { get; set; }
    public DateTimeOffset? NudgedAt { get; set; }
    public DateTimeOffset? ReminderSentAt { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
}
