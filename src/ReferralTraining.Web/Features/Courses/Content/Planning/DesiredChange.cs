namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>A Moore level the activity is designed to change (<see cref="MooreLevels"/>), the change, and how it is measured.</summary>
public sealed record DesiredChange(string Level, string Change, IReadOnlyList<string> MeasuredBy);
