namespace ReferralTraining.Web.Features.Courses.Content;

/// <summary>The outcome of loading a content folder: good courses and, separately, the problems found.</summary>
public sealed record ContentLoadResult(IReadOnlyList<CourseDefinition> Courses, IReadOnlyList<ContentError> Errors);
