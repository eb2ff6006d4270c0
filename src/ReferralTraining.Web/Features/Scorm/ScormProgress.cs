namespace ReferralTraining.Web.Features.Scorm;

/// <summary>
/// What the launcher writes to the LMS. Status is the SCORM 1.2 lesson status (incomplete, completed, passed, failed);
/// Completed is 2004's completion (every module read, or the quiz passed). The score is the quiz percentage.
/// </summary>
public sealed record ScormProgress(string Status, bool Completed, int? ScoreRaw, string? VerifyUrl)
{
    public const int ScoreMin = 0;
    public const int ScoreMax = 100;
}
