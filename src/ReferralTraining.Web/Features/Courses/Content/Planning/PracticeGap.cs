namespace ReferralTraining.Web.Features.Courses.Content.Planning;

/// <summary>The professional practice gap: what clinicians do now against what the evidence says is best practice.</summary>
public sealed record PracticeGap(string CurrentPractice, string BestPractice);
