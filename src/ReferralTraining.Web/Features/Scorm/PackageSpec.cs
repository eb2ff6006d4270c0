namespace ReferralTraining.Web.Features.Scorm;

/// <summary>Everything a package is built from: the course, the edition, where the hosted course lives, and the key that signs launches.</summary>
public sealed record PackageSpec(
    string CourseId, string CourseTitle, ScormVersion Version, string BaseUrl, string OrganizationName, Guid KeyId, byte[] KeySecret);
