namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>
/// A referral practice the course teaches, which a learner can commit to (commitment-to-change).
/// Ids are shared across courses where the practice is the same, so outcomes aggregate by practice.
/// </summary>
public sealed record PracticeDefinition(string Id, string Text, IReadOnlyList<PracticeTip> Tips);
