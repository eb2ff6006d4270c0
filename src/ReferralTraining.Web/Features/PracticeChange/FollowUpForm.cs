using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.PracticeChange;

public sealed record FollowUpForm(
    Guid FollowUpId, Guid UserId, string CourseId, string CourseTitle, int OffsetDays, int Sequence, int Count, bool IsFinal,
    DateTimeOffset DueAt, DateTimeOffset EditableUntil, DateTimeOffset? RespondedAt, bool Open,
    IReadOnlyList<(CommitmentView Commitment, ResponseView? Response, PracticeTip? Tip)> Items, PracticeIncentive? Incentive, string? CertificateCode)
{
    public bool NotYetOpen { get; init; }
}
