using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Scenarios;

/// <summary>
/// Met: a chosen choice lists the item under Meets. Missed: one lists it under Misses and none meets it.
/// NotShown: the path never touched it (counted as not met).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScenarioItemOutcome>))]
public enum ScenarioItemOutcome { Met, Missed, NotShown }
