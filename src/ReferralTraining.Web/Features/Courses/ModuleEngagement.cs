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
