using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Courses;
using ReferralTraining.Web.Features.Organizations;

namespace ReferralTraining.Web.Features.PracticeChange;

/// <summary>A director's answers to the program self-check, one row per organization (latest kept, with history).</summary>
public sealed class ProgramSelfCheck
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid AnsweredBy { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    /// <summary>Question id → "yes" | "partly" | "no".</summary>
    public Dictionary<string, string> Answers { get; set; } = [];
}
