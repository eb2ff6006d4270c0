using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>
/// What a learner commits to change at the end of a course (commitment-to-change, Moore level 4: stated
/// intention). Tied to one practice the course version defines; the wording is the learner's own.
/// </summary>
public sealed class Commitment
{
    public Guid Id { get; set; }
    public Guid EnrollmentId { get; set; }
    public Guid UserId { get; set; }
    public string CourseId { get; set; } = "";
    public Guid CourseVersionId { get; set; }
    /// <summary>1–3, the order the learner wrote them in.</summary>
    public int Number { get; set; }
    public string PracticeId { get; set; } = "";
    /// <summary>The learner's own words; private to them (never shown to a director).</summary>
    public string Text { get; set; } = "";
    public int ExpectedPatients { get; set; }
    /// <summary>Strength of commitment, 1 (not confident) … 5 (very confident).</summary>
    public int Confidence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// The practice-scenario checklist item ("checklist.item") the commitment was made from, or null: the follow-ups
    /// ask about that behavior specifically (issue 19 item 6).
    /// </summary>
    public string? ChecklistItemKey { get; set; }
    /// <summary>The item's wording when the commitment was made: a snapshot, so a later content edit never changes the question.</summary>
    public string? Behavior { get; set; }
    /// <summary>The item is one to avoid (MI-inconsistent), so the follow-up asks whether it was avoided.</summary>
    public bool AvoidBehavior { get; set; }
}
