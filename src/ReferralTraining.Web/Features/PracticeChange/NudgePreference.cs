using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>A person's choices about follow-up nudges. Account mail is not affected.</summary>
public sealed class NudgePreference
{
    public Guid UserId { get; set; }
    public bool EmailNudges { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedVia { get; set; } = "";
}
