using System.Text.Json.Serialization;

namespace ReferralTraining.Web.Features.Courses.Content.Scenarios;

/// <summary>
/// Consistent: a behavior the method asks for. Inconsistent: one it warns against (e.g. confronting, in MI);
/// such an item is "met" when the clinician avoided the behavior.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChecklistItemKind>))]
public enum ChecklistItemKind { Consistent, Inconsistent }
