namespace ReferralTraining.Web.Features.Scorm;

/// <summary>What a launcher asserts when it opens the hosted course: all of it is covered by the signature.</summary>
public sealed record LaunchClaims(
    Guid KeyId, string CourseId, ScormVersion Version, string LearnerId, string LearnerName, long IssuedAt, string Nonce, string Origin);
