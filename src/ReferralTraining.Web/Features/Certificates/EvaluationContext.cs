namespace ReferralTraining.Web.Features.Certificates;

/// <summary>The enrollment an evaluation is for, as the commitments taken with it need it.</summary>
public sealed record EvaluationContext(Guid EnrollmentId, Guid UserId, string CourseId, Guid CourseVersionId,
    IReadOnlyList<int> FollowUpDays, DateTimeOffset CompletedAt);
