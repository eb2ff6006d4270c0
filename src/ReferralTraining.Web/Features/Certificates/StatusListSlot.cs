using Microsoft.EntityFrameworkCore;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>One place in a revocation status list, handed out at most once (ADR-007).</summary>
public sealed class StatusListSlot
{
    /// <summary>Global hand-out order: position N is given to the N-th certificate; positions of one list are contiguous.</summary>
    public long Position { get; set; }
    public int List { get; set; }
    public int Index { get; set; }
}
