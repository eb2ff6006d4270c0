using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>At most one nudge e-mail per person per local day: the primary key enforces it.</summary>
public sealed class NudgeDay
{
    public Guid UserId { get; set; }
    public DateOnly LocalDate { get; set; }
    public Guid EmailId { get; set; }
    /// <summary>How many follow-ups the day's e-mail combines (a digest when more than one).</summary>
    public int Items { get; set; }
}
