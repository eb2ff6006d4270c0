namespace ReferralTraining.Web.Features.Scorm;

/// <summary>An accepted launch (the account to sign in and where to go) or the reason it was refused, in words for the LMS administrator.</summary>
public sealed record LaunchResult(Guid? UserId, Guid? OrganizationId, string? CourseId, string? Origin, bool Created, string? Refusal)
{
    public bool Ok => Refusal is null;

    public static LaunchResult Refused(string reason) => new(null, null, null, null, false, reason);
}
