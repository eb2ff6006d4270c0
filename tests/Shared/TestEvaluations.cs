using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Tests.Shared;

/// <summary>The per-objective answers a test learner gives in the course evaluation (required since issue 22 item 4).</summary>
public static class TestEvaluations
{
    /// <summary>The objectives of the fixture course (and of copies of it).</summary>
    public static readonly string[] SampleObjectives = ["obj-one", "obj-two"];

    /// <summary>The objectives of content/courses/intensive-referral, which the browser journeys take.</summary>
    public static readonly string[] IntensiveReferralObjectives = ["obj-define", "obj-evidence", "obj-steps", "obj-involvement", "obj-adapt"];

    public static IReadOnlyDictionary<string, ObjectiveMet> AllMet(IEnumerable<string> objectiveIds, ObjectiveMet met = ObjectiveMet.Yes) =>
        objectiveIds.ToDictionary(id => id, _ => met);

    /// <summary>Every fixture objective met.</summary>
    public static IReadOnlyDictionary<string, ObjectiveMet> Sample { get; } = AllMet(SampleObjectives);
}
