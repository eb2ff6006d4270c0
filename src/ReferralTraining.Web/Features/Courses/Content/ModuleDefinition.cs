namespace ReferralTraining.Web.Features.Courses.Content;

public sealed record ModuleDefinition(
    int Number,
    string FileName,
    string Slug,
    string Title,
    IReadOnlyList<string> ObjectiveIds,
    IReadOnlyList<string> CitedReferenceIds,
    string Html,
    int WordCount);
