namespace ReferralTraining.Web.Features.Scorm;

/// <summary>The SCORM edition a package is built for; the launcher talks to the matching LMS API.</summary>
public enum ScormVersion
{
    /// <summary>SCORM 1.2: window.API, cmi.core.*.</summary>
    Scorm12,
    /// <summary>SCORM 2004 4th edition: window.API_1484_11, cmi.completion_status / success_status.</summary>
    Scorm2004,
}
