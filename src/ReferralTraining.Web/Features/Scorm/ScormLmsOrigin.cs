namespace ReferralTraining.Web.Features.Scorm;

/// <summary>An origin (scheme, host, port) from which the organization's LMS serves the package: launches from it are accepted, and it may frame the course.</summary>
public sealed class ScormLmsOrigin
{
    public Guid OrganizationId { get; set; }
    public string Origin { get; set; } = "";
    public DateTimeOffset AddedAt { get; set; }
}
