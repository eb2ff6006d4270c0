using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>A learner's answer about one commitment at one follow-up.</summary>
public sealed class CommitmentResponse
{
    public Guid CommitmentId { get; set; }
    public Guid FollowUpId { get; set; }
    public Implementation Status { get; set; }
    public int PatientsReached { get; set; }
    public List<string> Barriers { get; set; } = [];
    /// <summary>Free text: private to the learner; outcomes never read it.</summary>
    public string? BarrierOther { get; set; }
    public string? Helped { get; set; }
    /// <summary>For a commitment made from a checklist item: how consistently the behavior was practiced (else null).</summary>
    public BehaviorUse? Behavior { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
