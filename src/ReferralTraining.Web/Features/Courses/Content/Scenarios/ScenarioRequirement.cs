namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>From course.md's <c>scenarios:</c>: scenarios that must each have an attempt at or above the minimum fidelity.</summary>
public sealed record ScenarioRequirement(IReadOnlyList<string> Required, int MinFidelity);
