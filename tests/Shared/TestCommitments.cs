using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Tests.Shared;

/// <summary>Commitments a test learner writes in the course evaluation (now required when a course defines practices).</summary>
public static class TestCommitments
{
    /// <summary>For the fixture course (practices first-practice and second-practice).</summary>
    public static IReadOnlyList<CommitmentInput> Sample { get; } =
        [new("first-practice", "Try the first thing with two patients this month", 4, 4)];

    public static IReadOnlyList<CommitmentInput> For(string practiceId) =>
        [new(practiceId, "Use this with every new patient I refer this month", 6, 4)];
}
