namespace ReferralTraining.Web.Features.Courses;

/// <summary>A course as the catalog lists it: the same for every reader of that published version.</summary>
public sealed record CatalogCard(string Id, string Title, string Summary, int EstimatedMinutes, int ModuleCount, string Version);
