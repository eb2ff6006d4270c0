using System.Text.Json.Serialization;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>
/// A practice scenario as published with its course version: rendered, validated, and self-contained
/// (assessed items and cited references copied in), so an attempt can snapshot it whole.
/// </summary>
public sealed record ScenarioDefinition(
    string Id,
    string Title,
    string Summary,
    int EstimatedMinutes,
    IReadOnlyList<string> ChecklistIds,
    IReadOnlyList<ScenarioAssessedItem> Assesses,
    string PatientName,
    string ProfileHtml,
    IReadOnlyList<ScenarioNode> Nodes,
    IReadOnlyList<Reference> References,
    string File)
{
    /// <summary>The first Node is where every attempt starts.</summary>
    [JsonIgnore]
    public string StartNodeId => Nodes.First(n => !n.IsEnd).Id;

    /// <summary>Objective ids of the course this scenario practices (front matter <c>objectives</c>); feeds the planning record's map.</summary>
    public IReadOnlyList<string> ObjectiveIds { get; init; } = [];

    public ScenarioNode? Node(string id) => Nodes.FirstOrDefault(n => n.Id == id);
}
