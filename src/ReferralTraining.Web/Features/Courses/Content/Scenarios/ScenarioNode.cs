namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>A moment in the conversation (a Node, with 2-4 choices) or an ending (an End, with none).</summary>
public sealed record ScenarioNode(string Id, bool IsEnd, string Html, int Line, IReadOnlyList<ScenarioChoice> Choices);
