namespace ReferralTraining.Web.Features.Scorm;

/// <summary>The result of checking a launch's signature and lifetime (before any database lookup but the key's).</summary>
public enum LaunchCheck
{
    Valid,
    Malformed,
    BadSignature,
    Expired,
    IssuedInTheFuture,
}
